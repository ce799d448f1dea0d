package com.huawei.client.rest.v2.demo.sign;

// As printed in huawei-cec-2.5-api-reference.txt, 4.3 "SignInfo" (L1292-L1473).
// Completions needed to compile (and nothing else):
//  - Lombok's @Setter/@Getter are replaced by the setters/getters they would generate;
//  - the two helpers printed as `isEmpty` (which return true for a NON-empty value, L1455-L1471)
//    are named `isNotEmpty`, the name their call sites use (L1369, L1381, L1438);
//  - stray closing braces of the PDF extraction (after authStringPrefix's first line) are dropped.

import com.huawei.client.rest.v2.demo.utils.PathUtils;
import com.huawei.client.rest.v2.demo.utils.SignerUtils;

import java.io.UnsupportedEncodingException;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.text.SimpleDateFormat;
import java.util.Date;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Map.Entry;
import java.util.Set;
import java.util.TimeZone;
import java.util.TreeSet;

public class SignInfo
{
    public static final String HEAD_AUTHORIZATION = "authorization";
    public static final String HEAD_HOST = "host";
    public static final String HEAD_CONTENT_LENGTH = "Content-Length";
    public static final String HEAD_CONTENT_TYPE = "Content-Type";
    public static final String TIMESTAMP_FORMAT = "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'";

    //Retain the default setting.
    private String authVersion = "auth-v2";

    private String httpMethod;
    private String uri;

    //GET is not supported on the service side.
    private Map<String, String> queryParameters;

    private Map<String, String> signedHeaders;
    private String payload;
    private String accessKey;
    private String secretKey;
    private Date timestamp;

    public String authString() throws NoSuchAlgorithmException, InvalidKeyException,
    UnsupportedEncodingException
    {
        String authStringPrefix = this.authStringPrefix();
        String signingKey = SignerUtils.sha256Hex(this.getSecretKey(), authStringPrefix);
        String canonicalRequest = this.canonicalRequest();
        String signature = SignerUtils.sha256Hex(signingKey, canonicalRequest);
        String authString = authStringPrefix + '/' + signature;

        return authString;
    }

    public String authStringPrefix()
    {
        StringBuilder buffer = new StringBuilder();
        buffer.append(this.authVersion);
        buffer.append('/').append(this.accessKey);
        buffer.append('/').append(this.formatTimestamp());
        buffer.append('/');
        this.appendSignedHeaders(buffer);

        return buffer.toString();
    }

    public String canonicalRequest()
    {
        StringBuilder buffer = new StringBuilder();
        buffer.append(this.httpMethod).append('\n');
        buffer.append(this.uri).append('\n');

        if (this.isNotEmpty(this.queryParameters))
        {
            this.appendCanonicalQueryString(buffer);
            buffer.append('\n');
        }

        this.appendSignedHeaders(buffer);
        buffer.append('\n');

        this.appendCanonicalHeaders(buffer);
        buffer.append('\n');

        if (this.isNotEmpty(this.payload))
        {
            buffer.append(PathUtils.normalize(this.payload));
        }

        return buffer.toString();
    }

    private String appendSignedHeaders(StringBuilder buffer)
    {
        int start = buffer.length();

        Set<String> headerNames = new TreeSet<>(this.signedHeaders.keySet());
        for (String name : headerNames)
        {
            buffer.append(name.toLowerCase(Locale.ENGLISH)).append(';');
        }
        buffer.deleteCharAt(buffer.length() - 1);

        int end = buffer.length();
        String signedHeadersStr = buffer.substring(start, end);
        return signedHeadersStr;
    }

    private String appendCanonicalHeaders(StringBuilder buffer)
    {
        int start = buffer.length();

        Set<String> headers = new TreeSet<>();
        for (Map.Entry<String, String> entry : this.signedHeaders.entrySet())
        {
            String header = PathUtils.normalize(entry.getKey()) + ':'
                + PathUtils.normalize(entry.getValue());
            headers.add(header);
        }
        for (String header : headers)
        {
            buffer.append(header).append('\n');
        }
        buffer.deleteCharAt(buffer.length() - 1);

        int end = buffer.length();
        String canonicalHeadersStr = buffer.substring(start, end);
        return canonicalHeadersStr;
    }

    private void appendCanonicalQueryString(StringBuilder buffer)
    {
        //Encode and sort the data.
        Set<String> sortedSet = new TreeSet<>();
        for (Map.Entry<String, String> e : this.queryParameters.entrySet())
        {
            String uriEncodeKey = PathUtils.normalize(e.getKey());
            String uriEncodeValue = this.isNotEmpty(e.getValue()) ? PathUtils.normalize(e.getValue()) : "";
            sortedSet.add(uriEncodeKey + "=" + uriEncodeValue);
        }

        for (String e : sortedSet)
        {
            buffer.append(e).append('&');
        }
        buffer.deleteCharAt(buffer.length() - 1);
    }

    private String formatTimestamp()
    {
        SimpleDateFormat format = new SimpleDateFormat(SignInfo.TIMESTAMP_FORMAT);
        format.setTimeZone(TimeZone.getTimeZone("UTC"));
        return format.format(this.timestamp);
    }

    private boolean isNotEmpty(String str)
    {
        if ((null == str) || str.isEmpty())
        {
            return false;
        }
        return true;
    }

    private <K, V> boolean isNotEmpty(Map<K, V> map)
    {
        if ((null == map) || map.isEmpty())
        {
            return false;
        }
        return true;
    }

    // -- what Lombok's @Setter/@Getter would generate -------------------------------------------

    public String getAuthVersion() { return this.authVersion; }
    public void setAuthVersion(String authVersion) { this.authVersion = authVersion; }
    public String getHttpMethod() { return this.httpMethod; }
    public void setHttpMethod(String httpMethod) { this.httpMethod = httpMethod; }
    public String getUri() { return this.uri; }
    public void setUri(String uri) { this.uri = uri; }
    public Map<String, String> getQueryParameters() { return this.queryParameters; }
    public void setQueryParameters(Map<String, String> queryParameters) { this.queryParameters = queryParameters; }
    public Map<String, String> getSignedHeaders() { return this.signedHeaders; }
    public void setSignedHeaders(Map<String, String> signedHeaders) { this.signedHeaders = signedHeaders; }
    public String getPayload() { return this.payload; }
    public void setPayload(String payload) { this.payload = payload; }
    public String getAccessKey() { return this.accessKey; }
    public void setAccessKey(String accessKey) { this.accessKey = accessKey; }
    public String getSecretKey() { return this.secretKey; }
    public void setSecretKey(String secretKey) { this.secretKey = secretKey; }
    public Date getTimestamp() { return this.timestamp; }
    public void setTimestamp(Date timestamp) { this.timestamp = timestamp; }
}
