package peer

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// Nginx writes a minimal nginx.conf around serverBlock (the directives of
// one server block, without listen) and runs `nginx -c CONF -p DIR -e
// stderr` in the foreground, single-process, listening on 127.0.0.1 with a
// free port. When serverBlock names no ssl_certificate, a fresh
// self-signed RSA 2048 certificate is added. Logs, pid and temp paths live
// in a t.TempDir(); the error log goes to stderr (captured into the test
// log on failure).
//
// master_process off keeps one process that never changes user, so the
// same configuration runs as root (CI) or as anyone else.
func Nginx(t testing.TB, serverBlock string) *Server {
	t.Helper()
	bin := Require(t, "nginx")
	dir := t.TempDir()
	if !strings.Contains(serverBlock, "ssl_certificate ") {
		cert, key := NewRSACert(t, dir, 2048)
		serverBlock += fmt.Sprintf("\nssl_certificate %s;\nssl_certificate_key %s;\n", cert, key)
	}
	var lastOut string
	for range 5 {
		port := freePort(t)
		addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(int(port)))
		conf := filepath.Join(dir, "nginx.conf")
		if err := os.WriteFile(conf, []byte(nginxConf(dir, addr, serverBlock)), 0o644); err != nil {
			t.Fatalf("peer: %v", err)
		}
		args := []string{"-c", conf, "-p", dir + "/", "-e", "stderr"}
		out := newTail(64 << 10)
		p, err := start(t, exec.Command(bin, args...), out)
		if err != nil {
			t.Fatalf("peer: %v", err)
		}
		err = waitAccepting(p, dialTCP(addr))
		if err == nil {
			return &Server{Addr: addr, Name: "nginx", Args: append([]string{bin}, args...), out: out, pid: p.cmd.Process.Pid}
		}
		lastOut = out.String()
		if !strings.Contains(lastOut, "Address already in use") {
			t.Fatalf("peer: nginx %s: %v\n%s\nnginx.conf:\n%s", strings.Join(args, " "), err, lastOut, nginxConf(dir, addr, serverBlock))
		}
		// Another process took the port between freePort and bind: retry.
	}
	t.Fatalf("peer: nginx found no free port:\n%s", lastOut)
	return nil
}

func nginxConf(dir, addr, serverBlock string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `daemon off;
master_process off;
worker_processes 1;
pid %[1]s/nginx.pid;
error_log stderr info;
events { worker_connections 512; }
http {
    access_log off;
    client_body_temp_path %[1]s/client_body;
    proxy_temp_path %[1]s/proxy;
    fastcgi_temp_path %[1]s/fastcgi;
    uwsgi_temp_path %[1]s/uwsgi;
    scgi_temp_path %[1]s/scgi;
    server {
        listen %[2]s ssl;
`, dir, addr)
	for line := range strings.Lines(serverBlock) {
		if strings.TrimSpace(line) != "" {
			b.WriteString("        " + strings.TrimSpace(line) + "\n")
		}
	}
	b.WriteString("        return 200 \"ok\\n\";\n    }\n}\n")
	return b.String()
}
