package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cryptoscan/cryptoscan/report"
	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/scanner"
	"github.com/cryptoscan/cryptoscan/scanner/discover"
	"github.com/cryptoscan/cryptoscan/scanner/sshprobe"
	"github.com/cryptoscan/cryptoscan/scanner/tlsprobe"
)

const usage = `Usage:
    cryptoscan [flags] TARGET...
    cryptoscan evaluate [grading flags] SAVED.ndjson
    cryptoscan rules [--format text|json] [--coverage]

Finds the encrypted services of each TARGET, scans them, reports what they accept and
grades it against the ANSSI rules (TLS guide v1.2, cryptographic
mechanisms, SecNumCloud 3.2). evaluate re-grades the observations of a
saved --format json report without touching the network; rules lists the
catalogue, or with --coverage every ANSSI recommendation and what checks it.
A host literally named "rules" or "evaluate" is scanned as rules:443.
A TARGET is HOST, HOST:PORT, IPv4, IPv6, [IPv6]:PORT, a URL (https://,
smtps://, imaps://, ldaps://, ... for TLS; smtp://, imap://, pop3://, ftp://,
xmpp://, ldap://, postgres://, mysql:// for STARTTLS; ssh:// for SSH;
ike:// for an IPsec gateway's IKE, UDP) or a CIDR range with ports
(192.0.2.0/28:443,8443). Port 443 by default, 22 is SSH, 500 is IKE. A host name is scanned on every address it resolves to; a bare domain
also brings its www. name, its MX hosts (SMTP STARTTLS on 25) and its SRV
services, unless --no-discover. Endpoints outside the scope (by default the
names and addresses given, with their subdomains) are listed, not scanned.

Flags:
    --config FILE           read flags and targets from a YAML file: keys are
                            the flags' names without dashes, and targets (a
                            list); the command line overrides or adds to it
    --format text|json|ecs  report format: text for people (default), json
                            for machines (NDJSON, one event per line), ecs
                            (the same events as Elastic Common Schema
                            documents)
    -o, --output FILE       write the report to FILE (replaced atomically)
                            instead of standard output
    -f FILE                 read targets from FILE, one per line (# comments;
                            - for standard input); may be repeated
    --ports LIST            ports of targets given without one, e.g.
                            443,8443,25/smtp (default 443)
    --exclude LIST          leave out these hosts, *.DOMAINs, IPs or ranges
    --scope LIST            domains, IPs and ranges in scope (default: the
                            targets given, with their subdomains)
    --follow-out-of-scope   scan out-of-scope endpoints too
    --no-discover           resolve the names given, nothing more (no www.,
                            MX or SRV)
    --no-dns-checks         do not ask DNS about the host names scanned
                            (DNSSEC; CAA and TLSA for TLS, SSHFP for SSH)
    --resolver ADDR:PORT    DNS server to ask (default: the system's)
    --dns-timeout DURATION  timeout of each DNS query (default 2s)
    --max-range-addrs N     most addresses one CIDR range may hold
    --list-targets          print what would be scanned, and how each
                            endpoint was found, then stop
    --ehlo NAME             name sent in SMTP EHLO (default: the address
                            literal of the local address)
    --source-ip ADDR        open every connection from this local address
    --shard INDEX/COUNT     scan only the endpoints whose IP address hashes
                            to INDEX modulo COUNT (a Kubernetes Indexed Job
                            passes $(JOB_COMPLETION_INDEX)); every port and
                            name of one IP stays in one shard
    --syslog URL            also send every NDJSON event to a syslog
                            collector: udp://, tcp:// (RFC 6587), tls://
                            (RFC 5425) or relp://HOST:PORT (acknowledged)
    --syslog-ca FILE        CA certificates (PEM) that verify a tls:// collector
    --syslog-facility NAME  facility of the messages (default local0)
    --http URL              also POST every event, in batches, to URL
    --http-mode ndjson|elastic-bulk
                            plain NDJSON (default) or Elasticsearch _bulk
    --http-index NAME       index or data stream of elastic-bulk
    --http-auth-env VAR     take the Authorization header value from the
                            environment variable VAR (never from argv)
    --http-auth-file FILE   or from FILE
    --sink-timeout DURATION time to deliver what is buffered at the end
                            (default 30s); what is left makes the exit code 2
    --timeout DURATION      timeout of each connection (default 5s)
    --sni NAME              server name to send (default: the host name;
                            none for an IP address)
    --depth inventory|compliance
                            inventory names every accepted suite and group
                            (default); compliance asks only about what ANSSI
                            does not recommend, in fewer connections
    --legacy-ports LIST     ports asked on each SSH server's address for the
                            services SSH replaces (default
                            ftp=21,telnet=23,rlogin=513,rsh=514; none: none)
    --max-conns-per-ip N    concurrent connections to one IP address (default 4)
    --rate N                new connections per second to one IP address
                            (default 0: no limit but the cap above)
    --concurrency N         endpoints scanned in parallel (default 64)
    --endpoint-timeout DURATION
                            time allowed for one endpoint (default 5m); what
                            is still unknown then is reported as unknown
    --ca-file FILE          also trust the CA certificates of FILE (PEM); may
                            be repeated. The built-in anchors are Mozilla's
                            (golang.org/x/crypto/x509roots/fallback), never
                            the system store
    --version               print the version and exit

Grading flags (scans and evaluate):
    --profile anssi|anssi-strict
                            anssi (default) reports ANSSI's tolerated "R-"
                            fallbacks as degraded; anssi-strict fails them
    --horizon YEAR          last year the data must stay protected (default:
                            this year); past 2030 the post-2030 sizes apply
    --fail-on LEVEL         exit 1 when a rule fails at or above LEVEL:
                            critical, high (default), medium, low, info, none
    --only-failures         write only findings that need action (fail,
                            degraded, warn, incomplete)
    --expiry-warning DURATION
                            warn about certificates expiring within DURATION
                            (default 720h, 30 days)
    --baseline FILE         report what changed since the run that wrote FILE
                            (its --format json): new, resolved and changed
                            findings, new and vanished endpoints, certificate
                            and issuing-CA changes, certificates entering
                            the expiry window; shown first
    --ca-jurisdiction FILE  YAML declarations of private CAs and overrides of
                            the embedded CA owner data, each with its
                            justification (SecNumCloud 10.6.a)
    --waivers FILE          YAML list of accepted fail or degraded findings
                            (rule, optional host and port, expiry date,
                            reason): they are reported as waived, with the
                            reason, and do not count for --fail-on

Exit status:
    1  a rule failed at or above --fail-on (takes precedence over 2)
    0  every endpoint was scanned completely and no rule failed at or
       above --fail-on
    2  the run is incomplete: an endpoint or a fact could not be established,
       a name did not resolve, or the run was interrupted
    3  usage or configuration error, nothing scanned

Examples:
    $ cryptoscan example.fr
    $ cryptoscan --format json -o scan.ndjson example.fr:8443 [2001:db8::1]:443
`

// Output formats.
const (
	formatText = "text"
	formatJSON = "json"
	formatECS  = "ecs"
)

// options is the parsed command line.
type options struct {
	format        string
	output        string
	timeout       time.Duration
	sni           string
	depth         tlsprobe.Depth
	maxConnsPerIP int
	rate          float64
	concurrency   int
	endpointLimit time.Duration
	caFiles       []string
	grade         gradeOptions

	// Discovery and targets.
	files            []string
	ports            []discover.Port
	legacyPorts      []sshprobe.LegacyPort // nil: sshprobe's default
	exclude          discover.Exclusions
	scope            discover.Scope
	followOutOfScope bool
	noDiscover       bool
	noDNSChecks      bool
	resolver         string
	dnsTimeout       time.Duration
	maxRangeAddrs    int
	listTargets      bool
	ehlo             string
	sourceIP         netip.Addr
	shard, shards    int // this run scans the endpoints whose IP hashes to shard mod shards (shards 0: all)

	sinks   sinkOptions
	version bool
	targets []string
}

// usageError is a mistake on the command line: main prints it with its
// hint and exits 3.
type usageError struct {
	err  error
	hint string
}

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

const flagsHint = "run cryptoscan -h for the list of flags"

// parseFlags reads the command line. Flags and targets may be mixed; every
// argument after "--" is a target. It returns flag.ErrHelp for -h.
func parseFlags(args []string) (options, error) {
	var o options
	fs := flag.NewFlagSet("cryptoscan", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	var depth string
	fs.StringVar(&o.format, "format", formatText, "")
	addGradeFlags(fs, &o.grade)
	fs.StringVar(&o.output, "o", "", "")
	fs.StringVar(&o.output, "output", "", "")
	fs.DurationVar(&o.timeout, "timeout", 5*time.Second, "")
	fs.StringVar(&o.sni, "sni", "", "")
	fs.StringVar(&depth, "depth", tlsprobe.Inventory.String(), "")
	fs.IntVar(&o.maxConnsPerIP, "max-conns-per-ip", scanner.DefaultMaxConnsPerIP, "")
	fs.IntVar(&o.concurrency, "concurrency", 64, "")
	fs.Float64Var(&o.rate, "rate", 0, "")
	fs.DurationVar(&o.endpointLimit, "endpoint-timeout", 5*time.Minute, "")
	fs.BoolVar(&o.version, "version", false, "")
	var ports string
	var exclude, scope []string
	fs.Func("f", "", func(v string) error { o.files = append(o.files, v); return nil })
	fs.StringVar(&ports, "ports", "", "")
	var legacyPorts string
	fs.StringVar(&legacyPorts, "legacy-ports", "", "")
	fs.Func("exclude", "", func(v string) error { exclude = append(exclude, v); return nil })
	fs.Func("scope", "", func(v string) error { scope = append(scope, v); return nil })
	fs.BoolVar(&o.followOutOfScope, "follow-out-of-scope", false, "")
	fs.BoolVar(&o.noDiscover, "no-discover", false, "")
	fs.BoolVar(&o.noDNSChecks, "no-dns-checks", false, "")
	fs.StringVar(&o.resolver, "resolver", "", "")
	fs.DurationVar(&o.dnsTimeout, "dns-timeout", 0, "")
	fs.IntVar(&o.maxRangeAddrs, "max-range-addrs", 0, "")
	fs.BoolVar(&o.listTargets, "list-targets", false, "")
	fs.StringVar(&o.ehlo, "ehlo", "", "")
	fs.Func("shard", "", func(v string) error {
		k, n, ok := strings.Cut(v, "/")
		ki, err1 := strconv.Atoi(k)
		ni, err2 := strconv.Atoi(n)
		if !ok || err1 != nil || err2 != nil || ni < 1 || ki < 0 || ki >= ni {
			return fmt.Errorf("%q is not INDEX/COUNT with 0 <= INDEX < COUNT", v)
		}
		o.shard, o.shards = ki, ni
		return nil
	})
	fs.Func("source-ip", "", func(v string) error {
		ip, err := netip.ParseAddr(v)
		if err != nil || ip.Zone() != "" {
			return fmt.Errorf("%q is not an IP address", v)
		}
		o.sourceIP = ip
		return nil
	})
	fs.StringVar(&o.sinks.syslog, "syslog", "", "")
	fs.StringVar(&o.sinks.syslogCA, "syslog-ca", "", "")
	fs.StringVar(&o.sinks.facility, "syslog-facility", "local0", "")
	fs.StringVar(&o.sinks.http, "http", "", "")
	fs.StringVar(&o.sinks.httpMode, "http-mode", "ndjson", "")
	fs.StringVar(&o.sinks.httpIndex, "http-index", "", "")
	fs.StringVar(&o.sinks.httpAuthEnv, "http-auth-env", "", "")
	fs.StringVar(&o.sinks.httpAuthFile, "http-auth-file", "", "")
	fs.DurationVar(&o.sinks.closeTimeout, "sink-timeout", 30*time.Second, "")
	fs.Func("ca-file", "", func(v string) error {
		if v == "" {
			return errors.New("empty file name")
		}
		o.caFiles = append(o.caFiles, v)
		return nil
	})

	rest, configTargets, err := withConfig(fs, args)
	if err != nil {
		return o, err
	}
	o.targets = configTargets
	for {
		if err := fs.Parse(rest); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return o, err
			}
			return o, &usageError{err, flagsHint}
		}
		left := fs.Args()
		if len(left) == 0 {
			break
		}
		if n := len(rest) - len(left); n > 0 && rest[n-1] == "--" {
			o.targets = append(o.targets, left...)
			break
		}
		o.targets = append(o.targets, left[0])
		rest = left[1:]
	}

	switch o.format {
	case formatText, formatJSON, formatECS:
	default:
		return o, &usageError{fmt.Errorf("unknown format %q", o.format), "use --format text, json or ecs"}
	}
	o.grade.format = o.format
	o.grade.depth = o.depth.String()
	if err := checkGradeFlags(o.grade); err != nil {
		return o, err
	}
	d, err := tlsprobe.ParseDepth(depth)
	if err != nil {
		return o, &usageError{err, "use --depth inventory or --depth compliance"}
	}
	o.depth = d
	if o.timeout <= 0 {
		return o, &usageError{fmt.Errorf("--timeout must be positive, not %s", o.timeout), "give a duration such as --timeout 5s"}
	}
	if o.maxConnsPerIP < 1 {
		return o, &usageError{fmt.Errorf("--max-conns-per-ip must be at least 1, not %d", o.maxConnsPerIP), "the default is 4"}
	}
	if o.rate < 0 {
		return o, &usageError{fmt.Errorf("--rate must not be negative, not %g", o.rate), "give connections per second, such as --rate 10, or 0 for no limit"}
	}
	if o.endpointLimit <= 0 {
		return o, &usageError{fmt.Errorf("--endpoint-timeout must be positive, not %s", o.endpointLimit), "give a duration such as --endpoint-timeout 2m"}
	}
	if o.concurrency < 1 {
		return o, &usageError{fmt.Errorf("--concurrency must be at least 1, not %d", o.concurrency), "the default is 64"}
	}
	if ports != "" {
		p, err := discover.ParsePorts(ports)
		if err != nil {
			return o, &usageError{fmt.Errorf("--ports %q: %w", ports, err), "give ports as a list, such as --ports 443,8443,25/smtp"}
		}
		o.ports = p
	}
	if legacyPorts != "" {
		p, err := sshprobe.ParseLegacyPorts(legacyPorts)
		if err != nil {
			return o, &usageError{fmt.Errorf("--legacy-ports %q: %w", legacyPorts, err), "give SERVICE=PORT pairs, such as --legacy-ports telnet=23,ftp=21, or none"}
		}
		o.legacyPorts = p
	}
	if len(exclude) > 0 {
		e, err := discover.ParseExclusions(exclude...)
		if err != nil {
			return o, &usageError{fmt.Errorf("--exclude: %w", err), "give host names, *.DOMAIN, IP addresses or CIDR ranges"}
		}
		o.exclude = e
	}
	if len(scope) > 0 {
		sc, err := discover.ParseScope(scope...)
		if err != nil {
			return o, &usageError{fmt.Errorf("--scope: %w", err), "give domains, IP addresses or CIDR ranges"}
		}
		o.scope = sc
	}
	if o.maxRangeAddrs < 0 {
		return o, &usageError{fmt.Errorf("--max-range-addrs must not be negative, not %d", o.maxRangeAddrs), "the default is " + fmt.Sprint(discover.DefaultMaxRangeAddrs)}
	}
	if o.dnsTimeout < 0 {
		return o, &usageError{fmt.Errorf("--dns-timeout must not be negative, not %s", o.dnsTimeout), "give a duration such as --dns-timeout 2s"}
	}
	if o.sni != "" {
		sni, err := discover.ParseHostName(o.sni)
		if err != nil {
			return o, &usageError{fmt.Errorf("--sni %q: %w", o.sni, err), "give a DNS name, such as --sni example.fr"}
		}
		o.sni = sni
	}
	return o, nil
}

// addGradeFlags declares the flags that say how observations are judged.
func addGradeFlags(fs *flag.FlagSet, g *gradeOptions) {
	fs.StringVar(&g.profile, "profile", rules.DefaultProfile, "")
	fs.IntVar(&g.horizon, "horizon", 0, "")
	fs.StringVar(&g.failOn, "fail-on", "high", "")
	fs.BoolVar(&g.onlyFailures, "only-failures", false, "")
	fs.DurationVar(&g.expiryWarning, "expiry-warning", rules.DefaultExpiryWarning, "")
	fs.StringVar(&g.caJurisdiction, "ca-jurisdiction", "", "")
	fs.StringVar(&g.waivers, "waivers", "", "")
	fs.StringVar(&g.baseline, "baseline", "", "")
}

func checkGradeFlags(g gradeOptions) error {
	if _, err := rules.ProfileByName(g.profile); err != nil {
		return &usageError{err, "use --profile anssi or --profile anssi-strict"}
	}
	if g.horizon != 0 && (g.horizon < 2000 || g.horizon > 2100) {
		return &usageError{fmt.Errorf("--horizon %d is not a year this catalogue knows", g.horizon), "give the last year the data must stay protected, such as --horizon 2035"}
	}
	if g.expiryWarning < 0 {
		return &usageError{fmt.Errorf("--expiry-warning must not be negative, not %s", g.expiryWarning), "give a duration such as --expiry-warning 720h (30 days)"}
	}
	if !slices.Contains(report.FailOnLevels, g.failOn) {
		return &usageError{fmt.Errorf("unknown --fail-on level %q", g.failOn), "use one of " + strings.Join(report.FailOnLevels, ", ")}
	}
	return nil
}
