package com.huawei.client.rest.v2.demo.utils;

// As printed in huawei-cec-2.5-api-reference.txt, 4.3 "The PathUtils tool class" (L1478-L1557).
// Completion needed to compile: the braces the PDF extraction misplaced (the static block and
// normalize() were closed early) are balanced.
// One restoration: the 4.3 listing prints the escape table's format as "%02X" (L1515), which
// yields "2F" with no percent sign, while every example of the same section encodes "/" as
// "%2F" (L1705, L1709, L2529-L2530) and the iKBS reprint of this class prints the format with
// its percent signs doubled by the extraction, "%%%%02X" (L30630). The source format was
// evidently "%%%02X"; it is restored here. regenerate.sh also builds the listing exactly as
// printed ("%02X") into vectors-as-printed.json, so that reading stays checked too (the
// adapter's `percent_sign: bare_hex` signing option).

import java.io.UnsupportedEncodingException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.util.BitSet;

public class PathUtils {

    private static final String CHARSET = "UTF-8";

    private static BitSet URI_UNRESERVED_CHARACTERS = new BitSet();

    private static String[] PERCENT_ENCODED_STRINGS = new String[256];

    static {
        for (int i = 97; i <= 122; i++) {
            PathUtils.URI_UNRESERVED_CHARACTERS.set(i);
        }
        for (int i = 65; i <= 90; i++) {
            PathUtils.URI_UNRESERVED_CHARACTERS.set(i);
        }
        for (int i = 48; i <= 57; i++) {
            PathUtils.URI_UNRESERVED_CHARACTERS.set(i);
        }
        PathUtils.URI_UNRESERVED_CHARACTERS.set(45);
        PathUtils.URI_UNRESERVED_CHARACTERS.set(46);
        PathUtils.URI_UNRESERVED_CHARACTERS.set(95);
        PathUtils.URI_UNRESERVED_CHARACTERS.set(126);

        for (int i = 0; i < PathUtils.PERCENT_ENCODED_STRINGS.length; i++) {
            PathUtils.PERCENT_ENCODED_STRINGS[i] = String.format("%%%02X", new Object[]
{Integer.valueOf(i)});
        }

    }

    public static String normalizePath(String path) {
        return PathUtils.normalize(path).replace("%2F", "/");
    }

    public static String normalize(String value) {
        try {
            StringBuilder builder = new StringBuilder();
            for (byte b : value.getBytes(PathUtils.CHARSET)) {
                if (PathUtils.URI_UNRESERVED_CHARACTERS.get(b & 0xFF)) {
                    builder.append((char) b);
                } else {
                    builder.append(PathUtils.PERCENT_ENCODED_STRINGS[(b & 0xFF)]);
                }
            }
            return builder.toString();
        } catch (UnsupportedEncodingException e) {
            throw new RuntimeException(e);
        }
    }

    /**
     * URL normalization
     *
     * @param url
     * @return
     */
    public static String normalizeURL(String url) {
        try {
            return URLDecoder.decode(new URI(url).normalize().toString(), PathUtils.CHARSET);
        } catch (URISyntaxException | UnsupportedEncodingException e) {
            return url;
        }
    }

    public static void main(String[] args)
    {
        System.out.println(PathUtils.normalize("123%456"));
    }
}
