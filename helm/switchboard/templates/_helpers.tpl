{{/* Names, labels and the pieces several templates share. */}}

{{- define "switchboard.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "switchboard.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "switchboard.selectorLabels" -}}
app.kubernetes.io/name: {{ include "switchboard.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "switchboard.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "switchboard.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: gateway
app.kubernetes.io/part-of: switchboard
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{- define "switchboard.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "switchboard.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "switchboard.image" -}}
{{- $tag := default .Chart.AppVersion .Values.image.tag -}}
{{- if .Values.image.digest -}}
{{- printf "%s:%s@%s" .Values.image.repository $tag .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" .Values.image.repository $tag -}}
{{- end -}}
{{- end -}}

{{/* Where the configuration file is mounted, and the file the gateway is told to read. */}}
{{- define "switchboard.configDir" -}}/etc/switchboard{{- end -}}
{{- define "switchboard.configFile" -}}{{ include "switchboard.configDir" . }}/switchboard.yaml{{- end -}}

{{/* The environment variable that carries the Redis URL when the chart wires `redis`. */}}
{{- define "switchboard.redisEnv" -}}SWITCHBOARD_REDIS_URL{{- end -}}

{{/* "true" when the chart itself wires a Redis URL (`redis.url` or `redis.existingSecret`). */}}
{{- define "switchboard.chartRedis" -}}
{{- if or .Values.redis.url .Values.redis.existingSecret.name -}}true{{- end -}}
{{- end -}}

{{/* "true" when the gateway gets a state store shared by every pod. */}}
{{- define "switchboard.sharedState" -}}
{{- $state := .Values.config.state | default dict -}}
{{- if or (include "switchboard.chartRedis" .) $state.redis_url -}}true{{- end -}}
{{- end -}}

{{/* "true" when more than one pod may run at once. */}}
{{- define "switchboard.multiplePods" -}}
{{- if .Values.autoscaling.enabled -}}
{{- if gt (int .Values.autoscaling.maxReplicas) 1 -}}true{{- end -}}
{{- else if gt (int .Values.replicaCount) 1 -}}true{{- end -}}
{{- end -}}

{{/* The chart creates its own Secret for `secrets.data` and an inline `redis.url`. */}}
{{- define "switchboard.createSecret" -}}
{{- if or .Values.secrets.data .Values.redis.url -}}true{{- end -}}
{{- end -}}

{{/* The Secret's data, base64-encoded and in key order (also the input of its checksum). */}}
{{- define "switchboard.secretData" -}}
{{- $data := deepCopy (.Values.secrets.data | default dict) -}}
{{- if .Values.redis.url -}}
{{- $_ := set $data (include "switchboard.redisEnv" .) .Values.redis.url -}}
{{- end -}}
{{- range $key := keys $data | sortAlpha }}
{{ $key }}: {{ get $data $key | toString | b64enc | quote }}
{{- end -}}
{{- end -}}

{{/* switchboard.yaml: `config` as given (`exampleAccounts` while it has no accounts), plus the
Redis reference when the chart wires one. */}}
{{- define "switchboard.config" -}}
{{- $config := deepCopy .Values.config -}}
{{- if not $config.accounts -}}
{{- $_ := set $config "accounts" (deepCopy .Values.exampleAccounts) -}}
{{- end -}}
{{- if include "switchboard.chartRedis" . -}}
{{- $state := deepCopy ($config.state | default dict) -}}
{{- $_ := set $state "redis_url" (dict "env" (include "switchboard.redisEnv" .)) -}}
{{- $_ := set $config "state" $state -}}
{{- end -}}
{{- toYaml $config -}}
{{- end -}}

{{/* The container port and the drain time, with the gateway's own defaults. */}}
{{- define "switchboard.port" -}}
{{- dig "server" "port" 8080 .Values.config | int -}}
{{- end -}}
{{- define "switchboard.shutdownGrace" -}}
{{- dig "server" "shutdown_grace_seconds" 20 .Values.config | float64 | ceil | int -}}
{{- end -}}

{{/* What the kubelet must wait for: the preStop sleep, then the gateway's drain. */}}
{{- define "switchboard.stopSeconds" -}}
{{- add (int .Values.preStopSleepSeconds) (include "switchboard.shutdownGrace" . | int) -}}
{{- end -}}

{{- define "switchboard.terminationGracePeriodSeconds" -}}
{{- if kindIs "invalid" .Values.terminationGracePeriodSeconds -}}
{{- add (include "switchboard.stopSeconds" . | int) 10 -}}
{{- else -}}
{{- int .Values.terminationGracePeriodSeconds -}}
{{- end -}}
{{- end -}}

{{/*
Mistakes the schema cannot express (or that a `--skip-schema-validation` install would let
through). Each stops the render with the key to change.
*/}}
{{- define "switchboard.validate" -}}
{{- $state := .Values.config.state | default dict -}}
{{- if and (include "switchboard.multiplePods" .) (not (include "switchboard.sharedState" .)) -}}
{{- fail "more than one pod needs shared state: set redis.url, redis.existingSecret.name or config.state.redis_url (quotas, idempotency, vendor tokens and nonces would otherwise be per pod)" -}}
{{- end -}}
{{- if and (include "switchboard.chartRedis" .) $state.redis_url -}}
{{- fail "config.state.redis_url and redis.* both name the Redis: keep one" -}}
{{- end -}}
{{- if and .Values.redis.url .Values.redis.existingSecret.name -}}
{{- fail "redis.url and redis.existingSecret.name both name the Redis: keep one" -}}
{{- end -}}
{{- if and .Values.autoscaling.enabled (gt (int .Values.autoscaling.minReplicas) (int .Values.autoscaling.maxReplicas)) -}}
{{- fail "autoscaling.minReplicas must not exceed autoscaling.maxReplicas" -}}
{{- end -}}
{{- if not (kindIs "invalid" .Values.terminationGracePeriodSeconds) -}}
{{- $needed := include "switchboard.stopSeconds" . | int -}}
{{- if lt (int .Values.terminationGracePeriodSeconds) (int $needed) -}}
{{- fail (printf "terminationGracePeriodSeconds must be at least preStopSleepSeconds + config.server.shutdown_grace_seconds (%d), or the kubelet kills requests the gateway is still finishing" (int $needed)) -}}
{{- end -}}
{{- end -}}
{{- if and .Values.podDisruptionBudget.enabled (kindIs "invalid" .Values.podDisruptionBudget.minAvailable) (kindIs "invalid" .Values.podDisruptionBudget.maxUnavailable) -}}
{{- fail "podDisruptionBudget: give maxUnavailable or minAvailable" -}}
{{- end -}}
{{- end -}}
