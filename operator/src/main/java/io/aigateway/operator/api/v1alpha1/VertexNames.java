package io.aigateway.operator.api.v1alpha1;

/** The shapes of Vertex AI names, checked by the API server (CRD patterns) and the compiler alike. */
public final class VertexNames {

    /** Google Cloud's rule for project IDs: 6 to 30 lower-case letters, digits or '-', from a letter. */
    public static final String PROJECT_ID = "^[a-z][a-z0-9-]{4,28}[a-z0-9]$";
    /** A region ({@code us-central1}), a multi-region ({@code us}) or {@code global}: it goes into a host name. */
    public static final String LOCATION = "^[a-z][a-z0-9-]{0,38}[a-z0-9]$";

    private VertexNames() {
    }
}
