package tlsprobe

// FoundationOnly returns cfg without the probes past the ServerHello, for
// the benchmark that counts what they cost.
func FoundationOnly(cfg Config) Config {
	cfg.foundationOnly = true
	return cfg
}
