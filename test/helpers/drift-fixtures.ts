/** Load-balancer configs shared by the unit and integration tests of drift comparison. */

/** The same load balancer as haproxy.cfg, written with other spellings, order and comments. */
export const HAPROXY_CFG = `# managed by hand on the host
defaults
    mode http
    timeout connect 5s
    timeout client 30s
    timeout server 30000ms

backend web
    balance roundrobin
    server web3 192.0.2.23:8080 check backup
    server web1 192.0.2.21:8080 check
    server web2 192.0.2.22:8080 weight 1 check

frontend http-in
    bind 203.0.113.10:80
    default_backend web
`;

/** The desired load balancer in canonical YAML. */
export const LOADBALANCER_YAML = `kind: loadbalancer
name: site
defaults:
  mode: http
  timeouts: { connect: 5s, client: 30s, server: 30s }
frontends:
  - name: http-in
    binds: [{ address: 203.0.113.10, port: 80 }]
    defaultBackend: web
backends:
  - name: web
    servers:
      - { name: web1, address: 192.0.2.21, port: 8080, check: true }
      - { name: web2, address: 192.0.2.22, port: 8080, check: true }
      - { name: web3, address: 192.0.2.23, port: 8080, check: true, backup: true }
`;
