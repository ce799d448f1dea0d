package com.huawei.client.rest.v2.demo.config;

// As printed in huawei-cec-2.5-api-reference.txt, 4.3 "CmsParameters" (L1255-L1282); the masked
// secret ("1q*****20") is kept as printed: the vector generator never uses these constants.

/**
 * Parameter class definition in CC-CMS interface requests
 */
public class CmsParameters
{
    //Replace the following information with the actual information.
    /**
     * Host access URL
     */
    public static final String host = "10.22.26.181:28080";
    public static final String url = "https://" + host;

    /**
     * Developer ID, that is, AK
     */
    public static final String accessKey= "globalaktest";

    /**
     * Developer key (unencrypted), that is, SK
     */
    public static final String secretKey = "1q*****20";
}
