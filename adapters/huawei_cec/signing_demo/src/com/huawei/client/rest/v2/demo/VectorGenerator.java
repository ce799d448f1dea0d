package com.huawei.client.rest.v2.demo;

// Switchboard's test-vector generator (not part of the vendor demo): signs a fixed set of requests
// with the demo's SignInfo, exactly as ToolUtils.buildSignHttpHead drives it (headers through
// ToolUtils.lowerCaseSignedHeaders, then authString()), and prints them as JSON. The Python signer
// must reproduce every intermediate string and the final Authorization value byte for byte.

import com.huawei.client.rest.v2.demo.sign.SignInfo;
import com.huawei.client.rest.v2.demo.utils.SignerUtils;
import com.huawei.client.rest.v2.demo.utils.ToolUtils;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

public final class VectorGenerator
{
    private static final String JSON_TYPE = "application/json;charset=UTF-8";

    private static final class Case
    {
        final String name;
        final String method;
        final String uri;
        final Map<String, String> query;
        final Map<String, String> headers;
        final String body;
        final String accessKey;
        final String secretKey;
        final long timestampMillis;

        Case(String name, String method, String uri, Map<String, String> query, Map<String, String> headers,
            String body, String accessKey, String secretKey, long timestampMillis)
        {
            this.name = name;
            this.method = method;
            this.uri = uri;
            this.query = query;
            this.headers = headers;
            this.body = body;
            this.accessKey = accessKey;
            this.secretKey = secretKey;
            this.timestampMillis = timestampMillis;
        }
    }

    private VectorGenerator()
    {
    }

    public static void main(String[] args) throws Exception
    {
        List<Case> cases = new ArrayList<>();
        cases.addAll(handWritten());
        cases.addAll(generated(new Random(20231101L), 48));
        StringBuilder out = new StringBuilder();
        out.append("{\n  \"generator\": \"adapters/huawei_cec/signing_demo (VectorGenerator over the reference's 4.3 demo)\",\n");
        out.append("  \"vectors\": [\n");
        for (int i = 0; i < cases.size(); i++)
        {
            out.append(render(cases.get(i)));
            out.append(i + 1 < cases.size() ? ",\n" : "\n");
        }
        out.append("  ]\n}\n");
        System.out.print(out);
    }

    private static Map<String, String> map(String... pairs)
    {
        Map<String, String> result = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2)
        {
            result.put(pairs[i], pairs[i + 1]);
        }
        return result;
    }

    private static Map<String, String> bodyHeaders(String host, String body, String contentType)
    {
        return map("host", host, "Content-Length", String.valueOf(body.getBytes(StandardCharsets.UTF_8).length),
            "Content-Type", contentType);
    }

    private static List<Case> handWritten()
    {
        List<Case> cases = new ArrayList<>();
        String ping = "{\"say\":\"Hello world!\"}";
        cases.add(new Case("demo ping, as buildSignHttpHead signs it", "POST", "/rest/cmsapp/v1/ping", null,
            bodyHeaders("10.22.26.181:28080", ping, JSON_TYPE), ping, "globalaktest", "1qaz-demo-20",
            1539776904000L));
        String agents = "{\"cclid\":1,\"vdn\":170,\"agentIds\":[1031,1099]}";
        cases.add(new Case("CMS agent status", "POST", "/rest/cmsapp/v1/openapi/agentgroup/agentstatusinfobyagentids",
            null, bodyHeaders("cms.example.com:28443", agents, JSON_TYPE), agents, "AK00000001", "SK/with+reserved=chars",
            1772416800123L));
        String campaign = "{\"name\":\"春季回访 Spring #1\",\"description\":\"100% ~ tilde_*star* 'quote' (paren)\","
            + "\"strBeginTime\":\"2026-03-02 00:00:00\",\"callerNo\":[{\"accessCode\":\"95555\",\"priority\":1}]}";
        cases.add(new Case("campaign create with Chinese and reserved characters", "POST",
            "/rest/isales/v2/openapi/campaigns/170", null, bodyHeaders("isales.example.com", campaign, JSON_TYPE),
            campaign, "ak-isales", "sk-isales", 1772416800999L));
        cases.add(new Case("GET with a query string", "GET", "/rest/isales/v2/openapi/campaigns/170/statistics",
            map("campaignId", "1798316116"), map("host", "10.1.2.3:28090", "Content-Type", JSON_TYPE), null,
            "ak-isales", "sk-isales", 1772416801000L));
        cases.add(new Case("GET list, several parameters including empty and spaced values", "GET",
            "/rest/isales/v1/openapi/campaigns/170",
            map("status", "0", "deviceType", "0", "curPage", "1", "rowsPerPage", "100", "name", "",
                "beginTime", "2026-03-02 00:00:00"),
            map("host", "10.1.2.3:28090", "Content-Type", JSON_TYPE), null, "ak-isales", "sk-isales", 1772416801001L));
        cases.add(new Case("query keys and values that need escaping", "GET", "/rest/isales/v1/openapi/x",
            map("a b", "c&d=e", "名字", "值/路径", "z~", "~", "plus", "1+1"),
            map("host", "h", "Content-Type", JSON_TYPE), null, "ak", "sk", 1772416801002L));
        cases.add(new Case("PUT without a body", "PUT", "/rest/isales/v1/openapi/campaigns/170/46/pause", null,
            map("host", "isales.example.com:443", "Content-Type", JSON_TYPE), null, "ak", "sk", 1772416802000L));
        String delete = "{\"archiveHistory\":0}";
        cases.add(new Case("DELETE with a body", "DELETE", "/rest/isales/v1/openapi/campaigns/170/46", null,
            bodyHeaders("isales.example.com", delete, JSON_TYPE), delete, "ak", "sk", 1772416802001L));
        String fs = "{\"callId\":\"1637742300-27\",\"beginTime\":\"2021-11-24 06:25:03\",\"endTime\":\"2021-11-25 06:25:11\",\"version\":\"2.0\"}";
        cases.add(new Case("CC-FS recording URL, spaced Content-Type of the interface tables", "POST",
            "/CCFS/resource/ccfs/getRecordFileUrlFromObs", null,
            bodyHeaders("10.154.198.164", fs, "application/json; charset=UTF-8"), fs, "ak", "sk", 1637742311000L));
        cases.add(new Case("header names in mixed case and values with outer whitespace", "POST", "/rest/cmsapp/v1/ping",
            null, map("host", "  10.0.0.1:8443\t", "Content-Type", " " + JSON_TYPE + " ", "X-Custom-Header",
                "a:b/c;d=e f", "Content-Length", "2"), "{}", "ak", "sk", 1772416803000L));
        cases.add(new Case("only the mandatory host header", "POST", "/rest/cmsapp/v1/ping", null,
            map("host", "[2001:db8::1]:28080"), "{\"emoji\":\"😀\",\"nl\":\"line1\\nline2\"}", "ak", "sk",
            1772416803004L));
        cases.add(new Case("empty query map counts as no query", "GET", "/rest/isales/v1/openapi/y", map(),
            map("host", "h"), "", "ak", "sk", 1772416803050L));
        cases.add(new Case("non-ASCII access key and secret", "POST", "/rest/cmsapp/v1/ping", null,
            bodyHeaders("h:1", "{}", JSON_TYPE), "{}", "ключ", "秘密-密钥", 946684800000L));
        cases.add(new Case("timestamp with a single-digit millisecond", "POST", "/", null, map("host", "h"), "x", "ak",
            "sk", 1772416800007L));
        return cases;
    }

    private static final String[] PIECES = {
        "a", "Z", "0", "9", "-", ".", "_", "~", " ", "!", "*", "'", "(", ")", ";", ":", "@", "&", "=", "+", "$", ",",
        "/", "?", "#", "[", "]", "%", "\"", "\\", "{", "}", "<", ">", "^", "`", "|", "\t", "\n", "\r", "é", "ü", "中",
        "文", "号", "码", "😀", "𝄞", "€", "ß", "\u00a0", "\u3000", "\u0001",
    };

    private static String text(Random random, int maxLength)
    {
        StringBuilder builder = new StringBuilder();
        int length = random.nextInt(maxLength + 1);
        for (int i = 0; i < length; i++)
        {
            builder.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return builder.toString();
    }

    private static String word(Random random)
    {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789-_";
        StringBuilder builder = new StringBuilder();
        int length = 1 + random.nextInt(12);
        for (int i = 0; i < length; i++)
        {
            builder.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return builder.toString();
    }

    private static List<Case> generated(Random random, int count)
    {
        String[] methods = {"GET", "POST", "PUT", "DELETE"};
        String[] types = {JSON_TYPE, "application/json; charset=UTF-8", "application/json"};
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < count; i++)
        {
            String method = methods[random.nextInt(methods.length)];
            String uri = "/rest/isales/v1/openapi/" + word(random) + "/" + word(random);
            Map<String, String> query = null;
            if (random.nextBoolean())
            {
                query = new LinkedHashMap<>();
                int params = random.nextInt(4);
                for (int p = 0; p < params; p++)
                {
                    query.put(random.nextInt(4) == 0 ? text(random, 4) + word(random) : word(random), text(random, 10));
                }
            }
            String body = random.nextInt(4) == 0 ? null : "{\"k\":\"" + text(random, 24) + "\",\"n\":" + random.nextInt(1000) + "}";
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("host", word(random) + ".example.com" + (random.nextBoolean() ? ":" + (1 + random.nextInt(65535)) : ""));
            if (body != null)
            {
                headers.put("Content-Length", String.valueOf(body.getBytes(StandardCharsets.UTF_8).length));
            }
            if (random.nextInt(3) != 0)
            {
                headers.put("Content-Type", types[random.nextInt(types.length)]);
            }
            if (random.nextInt(3) == 0)
            {
                headers.put("X-" + word(random), text(random, 8));
            }
            long timestamp = 1500000000000L + (random.nextLong() & 0xFFFFFFFFFFL);
            cases.add(new Case("generated #" + (i + 1), method, uri, query, headers, body, word(random),
                word(random) + text(random, 6), timestamp));
        }
        return cases;
    }

    private static String render(Case c) throws Exception
    {
        SignInfo signInfo = new SignInfo();
        signInfo.setAccessKey(c.accessKey);
        signInfo.setSecretKey(c.secretKey);
        signInfo.setPayload(c.body);
        signInfo.setQueryParameters(c.query);
        signInfo.setTimestamp(new Date(c.timestampMillis));
        signInfo.setHttpMethod(c.method);
        signInfo.setUri(c.uri);
        signInfo.setSignedHeaders(ToolUtils.lowerCaseSignedHeaders(c.headers));
        String prefix = signInfo.authStringPrefix();
        String signingKey = SignerUtils.sha256Hex(c.secretKey, prefix);
        String canonical = signInfo.canonicalRequest();
        StringBuilder out = new StringBuilder();
        out.append("    {");
        out.append("\"name\": ").append(json(c.name));
        out.append(", \"method\": ").append(json(c.method));
        out.append(", \"uri\": ").append(json(c.uri));
        out.append(", \"query\": ").append(c.query == null ? "null" : json(c.query));
        out.append(", \"headers\": ").append(json(c.headers));
        out.append(", \"body\": ").append(c.body == null ? "null" : json(c.body));
        out.append(", \"access_key\": ").append(json(c.accessKey));
        out.append(", \"secret_key\": ").append(json(c.secretKey));
        out.append(", \"timestamp_ms\": ").append(c.timestampMillis);
        out.append(", \"auth_string_prefix\": ").append(json(prefix));
        out.append(", \"canonical_request\": ").append(json(canonical));
        out.append(", \"signing_key\": ").append(json(signingKey));
        out.append(", \"authorization\": ").append(json(signInfo.authString()));
        out.append("}");
        return out.toString();
    }

    private static String json(Map<String, String> values)
    {
        StringBuilder out = new StringBuilder("{");
        boolean first = true;
        for (Map.Entry<String, String> e : values.entrySet())
        {
            out.append(first ? "" : ", ").append(json(e.getKey())).append(": ").append(json(e.getValue()));
            first = false;
        }
        return out.append("}").toString();
    }

    private static String json(String value)
    {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < value.length(); i++)
        {
            char ch = value.charAt(i);
            if (ch == '"' || ch == '\\')
            {
                out.append('\\').append(ch);
            }
            else if (ch < 0x20 || ch > 0x7e)
            {
                out.append(String.format("\\u%04x", (int) ch));
            }
            else
            {
                out.append(ch);
            }
        }
        return out.append('"').toString();
    }
}
