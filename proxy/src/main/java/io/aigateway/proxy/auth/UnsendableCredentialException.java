package io.aigateway.proxy.auth;

/**
 * A target's credential that no HTTP header can carry (a line break inside its Secret value): the target cannot be
 * used until its Secret is fixed. The message names the credential entry, never its value.
 */
public final class UnsendableCredentialException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    UnsendableCredentialException(String entry) {
        super("its credential " + entry + " cannot be sent in an HTTP header (a line break or control character in "
                + "the Secret value)", null, false, false);
    }
}
