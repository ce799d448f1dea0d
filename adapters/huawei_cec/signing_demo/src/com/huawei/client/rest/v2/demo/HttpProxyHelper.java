package com.huawei.client.rest.v2.demo;

// Only the constant ToolUtils uses of the printed "HttpProxyHelper" (huawei-cec-2.5-api-reference.txt,
// 4.3, L2325-L2351). Its HTTPS transport (doPost, trust-all TLS) takes no part in the signature.
public class HttpProxyHelper
{
    public static final String HTTP_METHOD_POST = "POST";
}
