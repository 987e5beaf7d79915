{{- define "weft.labels" -}}
app.kubernetes.io/part-of: weft
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}


{{/* name=host:port of every service with an rpcPort, for the gateway's GATEWAY_SERVICES. */}}
{{- define "weft.gatewayServices" -}}
{{- $entries := list -}}
{{- range $name, $svc := .Values.services -}}
{{- if $svc.rpcPort -}}
{{- $entries = append $entries (printf "%s=%s-%s:%v" $name $.Release.Name $name $svc.rpcPort) -}}
{{- end -}}
{{- end -}}
{{- join "," $entries -}}
{{- end -}}
