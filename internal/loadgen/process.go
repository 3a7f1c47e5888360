package loadgen

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"path/filepath"
	"sync"
	"time"
)

// Ready is what the fleet command prints on its first line of output, once
// every endpoint listens.
type Ready struct {
	Endpoints []Endpoint `json:"endpoints"`
	// RootPEM is the root every endpoint's chain leads to.
	RootPEM string `json:"root_pem"`
	// FileLimit is the fleet process's RLIMIT_NOFILE, and FileLimitError
	// says why it is lower than the fleet needs, if it is.
	FileLimit      uint64 `json:"file_limit"`
	FileLimitError string `json:"file_limit_error,omitempty"`
}

// Build compiles the fleet command into dir and returns the binary's path.
// It runs the go command found in PATH, from inside this module.
func Build(dir string) (string, error) {
	bin := filepath.Join(dir, "tlsfleet")
	cmd := exec.Command("go", "build", "-o", bin, "github.com/cryptoscan/cryptoscan/internal/loadgen/cmd/tlsfleet")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("failed to build the fleet command: %w\n%s", err, out)
	}
	return bin, nil
}

// Process is a fleet command running as a child process. It stops when
// Close is called, when its standard input closes, or (on Linux) when the
// thread that started it dies.
type Process struct {
	Ready

	cmd    *exec.Cmd
	stdin  io.WriteCloser
	out    *bufio.Reader
	stderr *bytes.Buffer
	exited chan struct{} // closed when the process has exited
	err    error         // how it exited, once exited is closed

	mu sync.Mutex // one Stats exchange at a time
}

// StartTimeout bounds how long Exec waits for the fleet to listen.
const StartTimeout = 2 * time.Minute

// Exec starts the fleet command bin with opts and returns once every
// endpoint listens.
func Exec(bin string, opts Options) (*Process, error) {
	args := []string{
		"-n", fmt.Sprint(max(opts.N, 1)),
		"-seed", fmt.Sprint(opts.Seed),
		"-ports-per-ip", fmt.Sprint(opts.PortsPerIP),
	}
	if opts.Grouped {
		args = append(args, "-grouped")
	}
	if opts.Timeout > 0 {
		args = append(args, "-timeout", opts.Timeout.String())
	}
	cmd := exec.Command(bin, args...)
	cmd.SysProcAttr = sysProcAttr()
	p := &Process{cmd: cmd, stderr: new(bytes.Buffer), exited: make(chan struct{})}
	cmd.Stderr = &lockedWriter{w: p.stderr}
	var err error
	if p.stdin, err = cmd.StdinPipe(); err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	p.out = bufio.NewReaderSize(stdout, 1<<20)
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("failed to start the fleet: %w", err)
	}
	go func() {
		p.err = cmd.Wait()
		close(p.exited)
	}()

	line := make(chan error, 1)
	go func() {
		b, err := p.out.ReadBytes('\n')
		if err == nil {
			err = json.Unmarshal(b, &p.Ready)
		}
		line <- err
	}()
	select {
	case err = <-line:
	case <-time.After(StartTimeout):
		err = fmt.Errorf("not listening after %s", StartTimeout)
	}
	if err != nil {
		p.kill()
		return nil, fmt.Errorf("fleet: %w%s", err, p.stderrTail())
	}
	return p, nil
}

// Stats asks the fleet for its counts (see Fleet.Stats).
func (p *Process) Stats() (Stats, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	var st Stats
	if _, err := io.WriteString(p.stdin, "stats\n"); err != nil {
		return st, fmt.Errorf("fleet: failed to ask for stats: %w%s", err, p.stderrTail())
	}
	b, err := p.out.ReadBytes('\n')
	if err != nil {
		return st, fmt.Errorf("fleet: failed to read stats: %w%s", err, p.stderrTail())
	}
	if err := json.Unmarshal(b, &st); err != nil {
		return st, fmt.Errorf("fleet: malformed stats %q: %w", b, err)
	}
	return st, nil
}

// WaitIdle returns the stats once no connection is open at the fleet, or
// fails after d.
func (p *Process) WaitIdle(d time.Duration) (Stats, error) {
	deadline := time.Now().Add(d)
	for {
		st, err := p.Stats()
		if err != nil || st.Active == 0 {
			return st, err
		}
		if time.Now().After(deadline) {
			return st, fmt.Errorf("fleet: %d connections still open after %s", st.Active, d)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Close stops the fleet: it closes its standard input, which makes it stop
// listening and exit, and kills it if it has not exited after 10 s. Calls
// after the first return the same error.
func (p *Process) Close() error {
	p.stdin.Close()
	select {
	case <-p.exited:
	case <-time.After(10 * time.Second):
		p.kill()
		return errors.New("fleet: did not exit within 10s of its input closing; killed")
	}
	if p.err != nil {
		return fmt.Errorf("fleet: %w%s", p.err, p.stderrTail())
	}
	return nil
}

func (p *Process) kill() {
	p.cmd.Process.Kill()
	<-p.exited
}

func (p *Process) stderrTail() string {
	w := p.cmd.Stderr.(*lockedWriter)
	w.mu.Lock()
	defer w.mu.Unlock()
	b := p.stderr.Bytes()
	if len(b) == 0 {
		return ""
	}
	if len(b) > 2048 {
		b = b[len(b)-2048:]
	}
	return "; its stderr ends:\n" + string(b)
}

type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (w *lockedWriter) Write(b []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.w.Write(b)
}
