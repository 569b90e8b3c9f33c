#!/bin/sh
# Renders deploy/nginx/luna.conf.template for the compose topology and runs nginx (the nginx
# image's command in deploy/compose.yml). The same placeholders from the same settings as
# scripts/prod_nginx.py computes for `make prod-local`; the replicas are the compose services
# rasa-N and actions-N on the ports prod-local gives them.
#   render.sh TEMPLATE OUTPUT [--no-exec]
set -eu
template=$1
output=$2

replicas=${PROD_REPLICAS:-2}
rasa_port=${PROD_RASA_PORT:-5105}
actions_port=${PROD_ACTIONS_PORT:-5155}

servers() {  # servers SERVICE FIRST_PORT
  i=1
  list=""
  while [ "$i" -le "$replicas" ]; do
    list="$list server $1-$i:$(($2 + i - 1)) max_fails=1 fail_timeout=5s;"
    i=$((i + 1))
  done
  echo "${list# }"
}

trusted=""
for network in $(echo "${PROD_TRUSTED_NETWORKS:-127.0.0.1/32}" | tr ',' ' '); do
  trusted="$trusted $network 1;"
done

NGINX_PUBLIC_LISTEN=${PROD_PORT:-8080}
NGINX_INTERNAL_LISTEN=${PROD_INTERNAL_PORT:-8079}
NGINX_RASA_SERVERS=$(servers "${NGINX_RASA_SERVICE:-rasa}" "$rasa_port")
NGINX_ACTIONS_SERVERS=$(servers "${NGINX_ACTIONS_SERVICE:-actions}" "$actions_port")
NGINX_TRUSTED_NETWORKS=${trusted# }
NGINX_PID_FILE=${NGINX_PID_FILE:-/var/run/nginx.pid}
NGINX_ERROR_LOG=${NGINX_ERROR_LOG:-/dev/stderr}
NGINX_ACCESS_LOG=${NGINX_ACCESS_LOG:-/dev/stdout}
NGINX_TEMP_DIR=${NGINX_TEMP_DIR:-/var/cache/nginx}
export NGINX_PUBLIC_LISTEN NGINX_INTERNAL_LISTEN NGINX_RASA_SERVERS NGINX_ACTIONS_SERVERS \
  NGINX_TRUSTED_NETWORKS NGINX_PID_FILE NGINX_ERROR_LOG NGINX_ACCESS_LOG NGINX_TEMP_DIR

# Only these names: nginx's own $variables in the template stay as they are.
envsubst '${NGINX_PUBLIC_LISTEN} ${NGINX_INTERNAL_LISTEN} ${NGINX_RASA_SERVERS} ${NGINX_ACTIONS_SERVERS}
  ${NGINX_TRUSTED_NETWORKS} ${NGINX_PID_FILE} ${NGINX_ERROR_LOG} ${NGINX_ACCESS_LOG} ${NGINX_TEMP_DIR}' \
  <"$template" >"$output"

if [ "${3:-}" != --no-exec ]; then
  exec nginx -c "$output" -g 'daemon off;'
fi
