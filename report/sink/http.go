package sink

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"
)

// HTTPMode is how events are POSTed.
type HTTPMode int

const (
	// NDJSONLines posts a batch as application/x-ndjson, one event per line.
	NDJSONLines HTTPMode = iota
	// ElasticBulk posts a batch to an Elasticsearch (or OpenSearch) _bulk
	// endpoint: a create action with _id = event_id before each event, so
	// an event delivered twice is stored once.
	ElasticBulk
)

// HTTPConfig configures an HTTP sink. The zero value of every field but
// URL (and Index for ElasticBulk) is a usable default.
type HTTPConfig struct {
	// URL receives the POSTs: for ElasticBulk, the _bulk endpoint itself
	// (https://es.example:9200/_bulk).
	URL string
	// Mode says how batches are encoded.
	Mode HTTPMode
	// Index is the ElasticBulk target index or data stream.
	Index string
	// AuthEnv names an environment variable holding the value of the
	// authentication header ("ApiKey ...", "Bearer ...", "Basic ...").
	// At most one of AuthEnv and AuthFile may be set; either is read once,
	// by NewHTTP. Credentials never come from the command line.
	AuthEnv string
	// AuthFile is the path of a file holding the header value (trailing
	// white space is removed).
	AuthFile string
	// AuthHeader is the header the value goes in; "" means Authorization.
	AuthHeader string
	// RootCAs verifies an https collector; nil means the system pool.
	RootCAs *x509.CertPool
	// BatchEvents bounds the events of one POST; 0 means 500.
	BatchEvents int
	// BatchBytes bounds the event bytes of one POST (one event larger
	// than this is sent alone); 0 means 5 MiB.
	BatchBytes int
	// FlushInterval is how long an event may wait for its batch to fill;
	// 0 means 1s. Close sends at once.
	FlushInterval time.Duration
	// Timeout bounds one request, answer included; 0 means 30s.
	Timeout time.Duration
	// Buffer bounds what is held while the collector is down.
	Buffer Buffer
	// Backoff spaces retries; a Retry-After answer waits longer when it
	// asks to (up to 5 minutes).
	Backoff Backoff
}

// HTTP posts events in batches.
type HTTP struct {
	base
	url           string
	mode          HTTPMode
	index         string
	authHeader    string
	authValue     string
	client        *http.Client
	maxEvents     int // the configured batch bounds
	maxBytes      int
	events, bytes int // the current bounds, lowered after a 413
	flush         time.Duration
	timeout       time.Duration
	bo            Backoff
}

var _ Sink = (*HTTP)(nil)

// maxRetryAfter bounds how long a Retry-After answer can make a sink wait.
const maxRetryAfter = 5 * time.Minute

// NewHTTP checks cfg, reads the credentials, and starts a sink. cfg is not
// modified.
func NewHTTP(cfg HTTPConfig) (*HTTP, error) {
	u, err := url.Parse(cfg.URL)
	if err != nil {
		return nil, fmt.Errorf("invalid HTTP sink URL: %w", err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("invalid HTTP sink URL %q: want http:// or https://", cfg.URL)
	}
	h := &HTTP{url: cfg.URL, mode: cfg.Mode, index: cfg.Index, bo: cfg.Backoff}
	switch cfg.Mode {
	case NDJSONLines:
	case ElasticBulk:
		if cfg.Index == "" {
			return nil, errors.New("the Elasticsearch _bulk mode needs an index")
		}
	default:
		return nil, fmt.Errorf("unknown HTTP mode %d", cfg.Mode)
	}
	h.authHeader = cfg.AuthHeader
	if h.authHeader == "" {
		h.authHeader = "Authorization"
	}
	if h.authValue, err = readAuth(cfg.AuthEnv, cfg.AuthFile); err != nil {
		return nil, err
	}
	h.maxEvents, h.maxBytes = cfg.BatchEvents, cfg.BatchBytes
	if h.maxEvents <= 0 {
		h.maxEvents = 500
	}
	if h.maxBytes <= 0 {
		h.maxBytes = 5 << 20
	}
	h.events, h.bytes = h.maxEvents, h.maxBytes
	h.flush, h.timeout = cfg.FlushInterval, cfg.Timeout
	if h.flush <= 0 {
		h.flush = time.Second
	}
	if h.timeout <= 0 {
		h.timeout = 30 * time.Second
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.TLSClientConfig = &tls.Config{RootCAs: cfg.RootCAs, MinVersion: tls.VersionTLS12}
	h.client = &http.Client{
		Transport: tr,
		// A redirected POST would be replayed as a GET or not at all:
		// an answer 3xx is a refusal, so the URL gets fixed.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	h.init(cfg.Buffer)
	h.start(h.run)
	return h, nil
}

// readAuth reads the authentication header value from the environment
// variable env or the file path; neither means none.
func readAuth(env, path string) (string, error) {
	var v string
	switch {
	case env != "" && path != "":
		return "", errors.New("HTTP sink credentials: give an environment variable or a file, not both")
	case env != "":
		v = strings.TrimSpace(os.Getenv(env))
		if v == "" {
			return "", fmt.Errorf("HTTP sink credentials: environment variable %s is unset or empty", env)
		}
	case path != "":
		b, err := os.ReadFile(path)
		if err != nil {
			return "", fmt.Errorf("HTTP sink credentials: %w", err)
		}
		v = strings.TrimSpace(string(b))
		if v == "" {
			return "", fmt.Errorf("HTTP sink credentials: %s is empty", path)
		}
	default:
		return "", nil
	}
	if strings.ContainsAny(v, "\r\n\x00") {
		return "", errors.New("HTTP sink credentials: the value spans several lines")
	}
	return v, nil
}

// run posts batches: as soon as one is full, when its oldest event has
// waited FlushInterval, or at once when closing.
func (h *HTTP) run(ctx context.Context) {
	bo := h.bo.start()
	var since time.Time // when the queue was first seen not empty
	ok := 0             // consecutive successful posts
	for ctx.Err() == nil && !h.finished() {
		n := h.q.len()
		if n == 0 {
			since = time.Time{}
			h.idle(ctx, 0)
			continue
		}
		if since.IsZero() {
			since = time.Now()
		}
		if n < h.events && !h.closing.Load() {
			if d := time.Until(since.Add(h.flush)); d > 0 {
				h.idle(ctx, d)
				continue
			}
		}
		since = time.Time{}
		batch := h.q.take(h.events, h.bytes)
		retry, wait, err := h.post(ctx, batch)
		if len(retry) > 0 {
			h.q.requeue(retry)
		}
		if err != nil {
			h.st.failIn(ctx, err)
		}
		switch {
		case wait < 0: // a 413: send the smaller batch at once
			ok = 0
		case err != nil:
			ok = 0
			sleep(ctx, max(bo.next(), wait))
		default:
			bo.reset()
			// Bounds lowered by a 413 grow back slowly, so that one
			// oversized event does not shrink every later batch.
			if ok++; ok%16 == 0 {
				h.events = min(2*h.events, h.maxEvents)
				h.bytes = min(2*h.bytes, h.maxBytes)
			}
		}
	}
}

// post sends batch and settles every event: delivered, dropped, or
// returned in retry. wait is the delay the collector asked for (from
// Retry-After), or negative to send again at once.
func (h *HTTP) post(ctx context.Context, batch []*item) (retry []*item, wait time.Duration, err error) {
	body, size := h.body(batch)
	for _, it := range batch {
		if it.sent {
			h.st.retries.Add(1)
		}
		it.sent = true
	}
	ctx, cancel := context.WithTimeout(ctx, h.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, h.url, bytes.NewReader(body))
	if err != nil {
		h.q.drop(err, batch...)
		return nil, 0, err
	}
	req.Header.Set("Content-Type", "application/x-ndjson")
	if h.authValue != "" {
		req.Header.Set(h.authHeader, h.authValue)
	}
	h.st.connects.Add(1)
	resp, err := h.client.Do(req)
	if err != nil {
		return batch, 0, fmt.Errorf("POST %s: %w", h.url, err)
	}
	defer resp.Body.Close()
	code := resp.StatusCode
	switch {
	case code >= 200 && code < 300 && h.mode == ElasticBulk:
		return h.settleBulk(resp, batch)
	case code >= 200 && code < 300:
		io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		h.q.delivered(batch...)
		return nil, 0, nil
	case code == http.StatusRequestEntityTooLarge:
		if len(batch) == 1 {
			h.q.drop(fmt.Errorf("event %s of %d bytes: POST %s: %s", batch[0].ev.ID, size, h.url, resp.Status), batch...)
			return nil, 0, nil
		}
		h.events = max(1, len(batch)/2)
		h.bytes = max(1, size/2)
		return batch, -1, fmt.Errorf("POST %s: %s for %d events (%d bytes): halving the batch", h.url, resp.Status, len(batch), size)
	case code == http.StatusTooManyRequests || code == http.StatusRequestTimeout || code >= 500:
		return batch, retryAfter(resp.Header.Get("Retry-After"), time.Now()), fmt.Errorf("POST %s: %s", h.url, resp.Status)
	}
	// Any other answer (400, 401, 403, 404, a redirect) refuses the batch.
	err = fmt.Errorf("POST %s: %s: %w", h.url, resp.Status, errRefused)
	return h.refused(err, batch), 0, err
}

// refused counts a refusal of every item, drops those refused too often
// and returns the others.
func (h *HTTP) refused(err error, items []*item) (retry []*item) {
	for _, it := range items {
		it.refusals++
		if it.refusals >= maxRefusals {
			h.q.drop(fmt.Errorf("event %s: %w", it.ev.ID, err), it)
		} else {
			retry = append(retry, it)
		}
	}
	return retry
}

// body encodes batch, and returns the events' own size.
func (h *HTTP) body(batch []*item) ([]byte, int) {
	var b bytes.Buffer
	size := 0
	for _, it := range batch {
		if h.mode == ElasticBulk {
			var a struct {
				Create struct {
					Index string `json:"_index"`
					ID    string `json:"_id"`
				} `json:"create"`
			}
			a.Create.Index, a.Create.ID = h.index, it.ev.ID
			line, _ := json.Marshal(a) // two strings: cannot fail
			b.Write(line)
			b.WriteByte('\n')
		}
		p := it.ev.payload()
		size += len(p)
		b.Write(p)
		b.WriteByte('\n')
	}
	return b.Bytes(), size
}

// bulkResponse is the part of an Elasticsearch _bulk answer read here.
type bulkResponse struct {
	Errors bool                       `json:"errors"`
	Items  []map[string]bulkItemReply `json:"items"`
}

type bulkItemReply struct {
	ID     string          `json:"_id"`
	Status int             `json:"status"`
	Error  json.RawMessage `json:"error"`
}

// settleBulk reads a _bulk answer: an item created (2xx) or already there
// (409, a duplicate) is delivered; one throttled or failed on the server
// side (429, 5xx) is sent again; any other item error is a refusal.
func (h *HTTP) settleBulk(resp *http.Response, batch []*item) (retry []*item, wait time.Duration, err error) {
	var br bulkResponse
	if err := json.NewDecoder(io.LimitReader(resp.Body, 64<<20)).Decode(&br); err != nil {
		return batch, 0, fmt.Errorf("POST %s: unreadable _bulk answer: %w", h.url, err)
	}
	if len(br.Items) != len(batch) {
		return batch, 0, fmt.Errorf("POST %s: _bulk answer has %d items for %d events", h.url, len(br.Items), len(batch))
	}
	var failed []string
	for i, it := range batch {
		var r bulkItemReply
		for _, v := range br.Items[i] { // one action per item
			r = v
		}
		switch {
		case r.Status >= 200 && r.Status < 300:
			h.q.delivered(it)
		case r.Status == http.StatusConflict:
			h.st.duplicates.Add(1)
			h.q.delivered(it)
		case r.Status == http.StatusTooManyRequests || r.Status >= 500:
			retry = append(retry, it)
			failed = append(failed, fmt.Sprintf("%s: %d %s", it.ev.ID, r.Status, r.Error))
		default:
			e := fmt.Errorf("_bulk item %s: %d %s: %w", it.ev.ID, r.Status, r.Error, errRefused)
			retry = append(retry, h.refused(e, []*item{it})...)
			failed = append(failed, fmt.Sprintf("%s: %d %s", it.ev.ID, r.Status, r.Error))
		}
	}
	if len(failed) > 0 {
		return retry, 0, fmt.Errorf("POST %s: %d of %d _bulk items failed, first %s", h.url, len(failed), len(batch), failed[0])
	}
	return nil, 0, nil
}

// retryAfter reads a Retry-After header (RFC 9110, Section 10.2.3):
// delay-seconds or an HTTP-date; 0 when absent or unreadable.
func retryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	var d time.Duration
	if n, err := strconv.ParseUint(v, 10, 32); err == nil {
		d = time.Duration(n) * time.Second
	} else if t, err := http.ParseTime(v); err == nil {
		d = t.Sub(now)
	}
	return min(max(d, 0), maxRetryAfter)
}

// Close delivers what is queued until ctx is done (see Sink), then closes
// idle connections.
func (h *HTTP) Close(ctx context.Context) error {
	err := h.base.Close(ctx)
	h.client.CloseIdleConnections()
	return err
}
