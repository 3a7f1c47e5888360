// Package sink delivers cryptoscan's events to collectors: syslog (RFC
// 5424 messages over UDP, TCP, TLS or RELP) and HTTP (NDJSON batches, or
// Elasticsearch _bulk).
//
// A Sink takes complete events (Event: the JSON of one NDJSON line, its
// event_id, time, type and syslog severity) and delivers them from a
// goroutine of its own, so that a slow or absent collector never holds
// up a scan. Send only queues. Close delivers what is queued until its
// context is done and gives up on the rest. Nothing is lost silently:
// every event Send accepted ends up in Stats().Sent or Stats().Dropped,
// and Close returns an error when any was dropped, so that the caller can
// report it in the summary event and exit with code 2 (DESIGN.md, "Output
// contract").
//
// # Syslog messages
//
// Every event is one RFC 5424 message (Section 6):
//
//	<PRI>1 TIMESTAMP HOSTNAME cryptoscan PROCID MSGID [cryptoscan@32473 event_id="ID" part="1" parts="1"] JSON
//
// PRI is the facility (local0 unless configured) times 8 plus the
// event's severity (SeverityFor gives the mapping from status and rule
// severity). TIMESTAMP is the event's time in UTC with microseconds,
// MSGID the event type ("finding", "endpoint", ...). MSG is the event's
// JSON without a byte order mark: RFC 5424, Section 6.4, requires a BOM
// only for MSG declared as UTF-8 (MSG-UTF8); RFC 8259, Section 8.1,
// forbids a BOM before JSON on the network; so MSG is MSG-ANY whose
// octets are UTF-8 JSON, which is what rsyslog's mmjsonparse, syslog-ng's
// json-parser and SIEM syslog inputs expect.
//
// The STRUCTURED-DATA element cryptoscan@32473 (32473 is RFC 5612's
// example enterprise number, to be replaced when cryptoscan has its own)
// carries the event_id, by which a collector can deduplicate, and the
// part numbers.
//
// # Split events
//
// A message never exceeds the sink's limit (SyslogConfig.MaxMessage: 2048
// octets for UDP, RFC 5426, Section 3.2; 8096 over TCP, TLS and RELP,
// which is what a stock rsyslog accepts). An event whose message would,
// is sent as N messages with the same header, each with part="n"
// parts="N" (1 <= n <= N) and a piece of the JSON as MSG, cut at UTF-8
// character boundaries. A collector reassembles an event by
// concatenating the MSGs of parts 1 to N of one event_id, in part order
// (they normally arrive in order; over UDP they may not). Unsplit events
// carry part="1" parts="1", so "parts" alone tells whether MSG is a whole
// JSON object.
//
// # Buffering
//
// Events wait in a queue bounded by Buffer.MaxEvents and Buffer.MaxBytes
// (100000 events, 64 MiB) while the collector is slow or down. When an
// event does not fit, the oldest queued event not yet sent is dropped and
// counted: the newest events, the summary among them, matter most to
// whoever reads the feed the next morning. The sink reconnects with
// exponential backoff and jitter (Backoff).
//
// # Delivery guarantees
//
// UDP: at most once. Nothing acknowledges a datagram: an event counts as
// sent once written, and a datagram the network or the collector drops
// (a burst larger than its socket buffer) is lost without a trace. Use
// UDP only where nothing else is accepted.
//
// TCP and TLS: at least once, with one gap. Syslog over a stream has no
// acknowledgement, so on Linux the sink keeps each event until the
// collector's TCP stack has acknowledged its last byte (SIOCOUTQ), and
// sends every event still unacknowledged again when the connection ends;
// a message written into a connection that had already died is therefore
// not lost. What the collector's kernel acknowledged but the collector
// never read (it was killed with data in its socket buffer) is lost and
// counted as sent. An event may arrive twice after a reconnection; its
// event_id tells. Elsewhere than on Linux, writing counts as delivery and
// whatever was in flight when a connection died is lost.
//
// RELP: at least once, and exactly once unless a session ends between the
// server taking a message and its answer reaching the sink: the sink
// holds every event until the server has answered 200 for each of its
// messages (up to RELPWindow unanswered), and sends the unanswered ones
// again on the next session, so an event whose answer was lost arrives
// twice (same event_id). rsyslog answers once the message is in its main
// queue: whether it survives an rsyslog crash depends on that queue
// (disk-assisted or not). An answer other than 200 is a refusal: the
// event is sent again after a backoff, and dropped after three refusals.
//
// HTTP: at least once; a request whose answer is lost is sent again. In
// Elasticsearch _bulk mode each event is a create action with _id =
// event_id, so an event sent twice is stored once: the second attempt is
// a 409 conflict, counted as sent and in Stats().Duplicates. Network
// errors, 408, 429 and 5xx answers are retried with backoff, waiting at
// least what Retry-After asks (up to 5 minutes); a 413 halves the batch
// (and the sink keeps the smaller bounds for a while), down to one event,
// which is dropped if still too large; any other answer (400, 401, 403,
// 404, a redirect) is a refusal, as is a _bulk item error other than 409,
// 429 or 5xx. Credentials come from an environment variable or a file
// (HTTPConfig.AuthEnv, AuthFile), never from the command line.
package sink
