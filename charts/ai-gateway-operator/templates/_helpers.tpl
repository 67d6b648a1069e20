{{/* The release's full name, at most 63 characters: the name of the Deployment, ServiceAccount and RBAC. */}}
{{- define "ai-gateway-operator.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* The selector of the operator's pods; immutable once the Deployment exists. */}}
{{- define "ai-gateway-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "ai-gateway-operator.labels" -}}
{{ include "ai-gateway-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: operator
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{- define "ai-gateway-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "ai-gateway-operator.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "ai-gateway-operator.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{- define "ai-gateway-operator.proxyImage" -}}
{{- printf "%s:%s" .Values.proxyImage.repository (default .Chart.AppVersion .Values.proxyImage.tag) -}}
{{- end -}}

{{/*
What the operator does in each watched namespace, derived from its code (operator/src/main/java, reconciler/*):
- its custom resources: informers list and watch them; it writes only their status (no finalizers: no reconciler
  cleans up, owner references let Kubernetes delete what a gateway owns). Status writes are server-side apply
  (patch) by default, a replace (update) when server-side apply is off.
- Secrets: informers read those the resources refer to; it creates the <gateway>-credentials Secret (a dependent)
  and the generated <aikey>-client-key Secret of an AIKey without secretRef.
- ConfigMaps, Deployments, Services, ServiceAccounts, Roles and RoleBindings: each gateway's dependents, created
  and kept as desired through an informer each. Server-side apply sends patch, which creates too; nothing is
  deleted by the operator (owner references, not the operator, remove them with their gateway).
get is granted beside list and watch although the informers never use it: list already reads every object, and
the AIKey reconciler gets a Secret by name when its create lost a race. update stays beside patch: JOSDK replaces
rather than applies when server-side apply is off.
Kubernetes only lets the operator create the proxy's Role (get/list/watch on one ConfigMap and one Secret, get on
AIUpstreams, patch on aiupstreams/status) and bind it because the operator holds each of those rights itself, here;
no escalate or bind verb is granted.
*/}}
{{- define "ai-gateway-operator.rules" -}}
- apiGroups: ["aigateway.io"]
  resources: ["aigateways", "aiupstreams", "aiservices", "airules", "aikeys"]
  verbs: ["get", "list", "watch"]
- apiGroups: ["aigateway.io"]
  resources: ["aigateways/status", "aiupstreams/status", "aiservices/status", "airules/status", "aikeys/status"]
  verbs: ["patch", "update"]
- apiGroups: [""]
  resources: ["secrets", "services", "serviceaccounts"]
  verbs: ["get", "list", "watch", "create", "patch", "update"]
# delete: the shards of a large routing config that no manifest lists any more.
- apiGroups: [""]
  resources: ["configmaps"]
  verbs: ["get", "list", "watch", "create", "patch", "update", "delete"]
- apiGroups: ["apps"]
  resources: ["deployments"]
  verbs: ["get", "list", "watch", "create", "patch", "update"]
- apiGroups: ["rbac.authorization.k8s.io"]
  resources: ["roles", "rolebindings"]
  verbs: ["get", "list", "watch", "create", "patch", "update"]
{{- end -}}
