/**
 * The custom resources of group {@code aigateway.io}, version {@code v1alpha1}. The CRDs in {@code crds/} are
 * generated from these classes; edit the classes, never the YAML.
 */
package io.aigateway.operator.api.v1alpha1;
