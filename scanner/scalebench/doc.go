// Package scalebench measures cryptoscan at fleet scale: scanner.Run with
// the real TLS prober against a loopback fleet of internal/loadgen
// endpoints served by a process of their own. It holds only tests.
//
// BenchmarkScale scans fleets of 100, 1,000 and 5,000 endpoints at both
// depths and reports endpoints per second, connections per endpoint
// (counted by the fleet), the scanner's CPU seconds and peak RSS. Each scan
// runs in a fresh child process (the test binary re-executed), so that peak
// RSS and CPU time are the scan's alone.
//
//	make bench-scale
//	go test -run '^$' -bench Scale -benchtime 1x -timeout 60m ./scanner/scalebench/
//
// The environment chooses what is measured (defaults in parentheses):
//
//	CRYPTOSCAN_SCALE_SIZES        endpoints per fleet, comma-separated (100)
//	CRYPTOSCAN_SCALE_DEPTHS       compliance,inventory (both)
//	CRYPTOSCAN_SCALE_CONCURRENCY  scanner.Config.Concurrency, comma-separated (256)
//	CRYPTOSCAN_SCALE_LAYOUT       spread: neighbours in the list on different
//	                              addresses; grouped: the (up to 8) endpoints of
//	                              an address consecutive, as in a sorted list (spread)
//	CRYPTOSCAN_SCALE_PROFILE      a directory: each child writes a CPU profile
//	                              and a heap profile (taken half-way) there
//
// TestFleetScan is the quick functional test of the same machinery: 20
// endpoints, both depths, every fact checked against the fleet's
// configuration.
package scalebench
