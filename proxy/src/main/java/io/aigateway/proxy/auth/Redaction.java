package io.aigateway.proxy.auth;

import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps a target's credentials out of what is relayed from its answers. A provider may quote the key it received
 * in an error ("Incorrect API key provided: sk-…"), in its body or a header: each value is replaced wherever it
 * appears, as it was sent or escaped in a JSON string (solidus escaped or not, as encoders differ), and so is the
 * part after a scheme ({@code Bearer sk-…}).
 * Headers about the gateway's own authentication or session with the provider are never relayed at all
 * ({@link #isAuthenticationHeader}).
 */
public final class Redaction {

    /** What a credential found in an answer becomes. */
    public static final String REPLACEMENT = "[redacted credential]";
    /** Nothing to replace: a target without credentials. */
    public static final Redaction NONE = new Redaction(List.of());

    /**
     * Answer headers that concern the gateway's authentication or session with the provider, not the client's:
     * challenges, credentials echoed back, and cookies (the gateway's session, shared by all its clients).
     */
    private static final String[] AUTHENTICATION_HEADERS = {"www-authenticate", "proxy-authenticate",
        "authorization", "proxy-authorization", "x-api-key", "api-key", "x-goog-api-key", "x-amz-security-token",
        "set-cookie", "set-cookie2"};

    private static final byte[] REPLACEMENT_BYTES = REPLACEMENT.getBytes(StandardCharsets.US_ASCII);

    /** The forms to replace, longest first, so that a value is replaced whole before a part of it. */
    private final List<String> forms;
    private final List<byte[]> formBytes;

    private Redaction(List<String> forms) {
        this.forms = forms;
        this.formBytes = forms.stream().map(f -> f.getBytes(StandardCharsets.US_ASCII)).toList();
    }

    /** @param values credential values as sent: printable ASCII */
    static Redaction of(List<String> values) {
        List<String> forms = new ArrayList<>();
        for (String value : values) {
            add(forms, value);
            String escaped = value.replace("\\", "\\\\").replace("\"", "\\\"");
            add(forms, escaped);
            add(forms, escaped.replace("/", "\\/"));
            int scheme = value.lastIndexOf(' ');
            if (scheme > 0) {
                add(forms, value.substring(scheme + 1));
            }
        }
        forms.sort((x, y) -> y.length() - x.length());
        return forms.isEmpty() ? NONE : new Redaction(List.copyOf(forms));
    }

    private static void add(List<String> forms, String form) {
        // Too short to be a secret of its own, and would blank out ordinary words.
        if (form.length() >= 8 && !forms.contains(form)) {
            forms.add(form);
        }
    }

    /** Whether an answer header is about the gateway's own authentication with the provider; never relayed. */
    public static boolean isAuthenticationHeader(String name) {
        // compared ignoring case rather than lower-cased: every header of every answer passes here
        for (String header : AUTHENTICATION_HEADERS) {
            if (header.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    /** The body with every credential replaced; the same buffer when none occurs. */
    public Buffer apply(Buffer body) {
        if (forms.isEmpty() || body.length() == 0) {
            return body;
        }
        byte[] in = body.getBytes();
        byte[] out = in;
        for (byte[] form : formBytes) {
            out = replace(out, form);
        }
        return out == in ? body : Buffer.buffer(out);
    }

    /** The text with every credential replaced. */
    public String apply(String text) {
        String out = text;
        for (String form : forms) {
            out = out.replace(form, REPLACEMENT);
        }
        return out;
    }

    private static byte[] replace(byte[] in, byte[] form) {
        int at = indexOf(in, form, 0);
        if (at < 0) {
            return in;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
        int from = 0;
        while (at >= 0) {
            out.write(in, from, at - from);
            out.writeBytes(REPLACEMENT_BYTES);
            from = at + form.length;
            at = indexOf(in, form, from);
        }
        out.write(in, from, in.length - from);
        return out.toByteArray();
    }

    private static int indexOf(byte[] in, byte[] form, int from) {
        outer:
        for (int i = from; i <= in.length - form.length; i++) {
            for (int j = 0; j < form.length; j++) {
                if (in[i + j] != form[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
