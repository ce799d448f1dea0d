package com.huawei.client.rest.v2.demo.utils;

// The signing part of "ToolUtils" as printed in huawei-cec-2.5-api-reference.txt, 4.3
// (buildSignHttpHead L2164-L2193, lowerCaseSignedHeaders L2198-L2216). Completions:
//  - both methods are `static`: the demo's own call sites call them on the class
//    (`ToolUtils.buildSignHttpHead(httpPath, jsonObjectStr)`, L2260 and L2281), which only
//    compiles when they are static; lowerCaseSignedHeaders is public so the vector generator
//    runs exactly this normalisation; `Map.Entry` is imported (used but not imported as printed);
//  - the four-argument variant used by the GET demo (L2281) is not printed. It is completed the
//    way Switchboard's adapter signs a request: `host` and `Content-Type` always, `Content-Length`
//    only when there is a body, the query parameters and the method as given.
// The unrelated helpers of the printed class (saveToFileByStr, readFile, toJsonString, which need
// fastjson) are left out: they take no part in the signature.

import com.huawei.client.rest.v2.demo.HttpProxyHelper;
import com.huawei.client.rest.v2.demo.config.CmsParameters;
import com.huawei.client.rest.v2.demo.sign.SignInfo;

import java.io.UnsupportedEncodingException;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Date;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Map.Entry;

/**
 * Tool class for the authentication digest algorithm of RESTful interfaces
 */
public class ToolUtils {

    /**
     * Construct authentication fields.
     * @param httpPath
     * @param bodyJson
     * @return
     * @throws InvalidKeyException
     * @throws NoSuchAlgorithmException
     * @throws UnsupportedEncodingException
     */
    public static Map<String, String> buildSignHttpHead(String httpPath, String bodyJson)
        throws InvalidKeyException, NoSuchAlgorithmException, UnsupportedEncodingException
    {
        //Head field for signature authentication. The host field is mandatory.
        Map<String, String> signedHeaders = new HashMap<>();
        signedHeaders.put(SignInfo.HEAD_HOST, CmsParameters.host);
        signedHeaders.put(SignInfo.HEAD_CONTENT_LENGTH,
    String.valueOf(bodyJson.getBytes("UTF-8").length));
        signedHeaders.put(SignInfo.HEAD_CONTENT_TYPE, "application/json;charset=UTF-8");

        //Set the authentication data interface.
        SignInfo signInfo = new SignInfo();
        signInfo.setAccessKey(CmsParameters.accessKey);
        signInfo.setSecretKey(CmsParameters.secretKey);
        signInfo.setPayload(bodyJson);
        signInfo.setTimestamp(new Date());
        signInfo.setHttpMethod(HttpProxyHelper.HTTP_METHOD_POST);
        signInfo.setUri(httpPath);
        signInfo.setSignedHeaders(lowerCaseSignedHeaders(signedHeaders));

        //Generate a signature.
        String signature = signInfo.authString();
        Map<String, String> httpHeads = new HashMap<>(signedHeaders);
        //Append to HTTPHEAD and send it to the server.
        httpHeads.put(SignInfo.HEAD_AUTHORIZATION, signature);

        return httpHeads;
    }

    /**
     * Completion of the GET variant the demo calls but does not print (L2281).
     */
    public static Map<String, String> buildSignHttpHead(String httpPath, String bodyJson,
        Map<String, String> queryParameters, String httpMethod)
        throws InvalidKeyException, NoSuchAlgorithmException, UnsupportedEncodingException
    {
        Map<String, String> signedHeaders = new HashMap<>();
        signedHeaders.put(SignInfo.HEAD_HOST, CmsParameters.host);
        if (bodyJson != null && !bodyJson.isEmpty())
        {
            signedHeaders.put(SignInfo.HEAD_CONTENT_LENGTH, String.valueOf(bodyJson.getBytes("UTF-8").length));
        }
        signedHeaders.put(SignInfo.HEAD_CONTENT_TYPE, "application/json;charset=UTF-8");

        SignInfo signInfo = new SignInfo();
        signInfo.setAccessKey(CmsParameters.accessKey);
        signInfo.setSecretKey(CmsParameters.secretKey);
        signInfo.setPayload(bodyJson);
        signInfo.setQueryParameters(queryParameters);
        signInfo.setTimestamp(new Date());
        signInfo.setHttpMethod(httpMethod);
        signInfo.setUri(httpPath);
        signInfo.setSignedHeaders(lowerCaseSignedHeaders(signedHeaders));

        Map<String, String> httpHeads = new HashMap<>(signedHeaders);
        httpHeads.put(SignInfo.HEAD_AUTHORIZATION, signInfo.authString());
        return httpHeads;
    }

    /**
     * The signedHeaders involved in the calculation are converted.
     * @param
     * @return Map<String, String>
     */
    public static Map<String, String> lowerCaseSignedHeaders(Map<String, String> signedHeaders)
    {
        if ((null == signedHeaders) || signedHeaders.isEmpty())
        {
            throw new IllegalArgumentException("signedHeaders can't be null.");
        }
        Map<String, String> headers = new HashMap<>();
        for (Entry<String, String> e : signedHeaders.entrySet())
        {
            String name = e.getKey();
            String value = e.getValue();
            headers.put(name.toLowerCase(Locale.ENGLISH), value.trim());
        }
        if (!signedHeaders.containsKey(SignInfo.HEAD_HOST))
        {
            throw new IllegalArgumentException("signedHeaders must has host.");
        }
        return headers;
    }
}
