package rules

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/cryptoscan/cryptoscan/rules/jurisdiction"
)

// Profile is a grading policy, as data.
type Profile struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	// DegradedFails turns degraded (an ANSSI "Rx–" fallback) into fail.
	DegradedFails bool `json:"degraded_fails"`
}

// DefaultProfile is the name of the profile used when none is given.
const DefaultProfile = "anssi"

var profiles = []Profile{
	{
		Name:        "anssi",
		Description: "ANSSI Rx required; Rx– fallbacks (R7–, R8–, R9–, R10–) reported as degraded",
	},
	{
		Name:          "anssi-strict",
		Description:   "ANSSI Rx required; Rx– fallbacks fail",
		DegradedFails: true,
	},
}

// Profiles lists the profiles, default first.
func Profiles() []Profile { return append([]Profile(nil), profiles...) }

// ProfileByName returns the named profile.
func ProfileByName(name string) (Profile, error) {
	for _, p := range profiles {
		if p.Name == name {
			return p, nil
		}
	}
	names := make([]string, len(profiles))
	for i, p := range profiles {
		names[i] = p.Name
	}
	return Profile{}, fmt.Errorf("unknown profile %q (known: %s)", name, strings.Join(names, ", "))
}

// Context is what an evaluation needs besides the observation.
type Context struct {
	Profile Profile
	// Time is the evaluation time; Evaluate uses the current time when it
	// is zero.
	Time time.Time
	// Horizon is the last year the data must stay protected; 0 means the
	// evaluation year. A horizon beyond 2030 applies the post-2030 sizes
	// of the crypto-mechanisms rules now.
	Horizon int
	// Waivers accepted for this run.
	Waivers []Waiver
	// ExpiryWarning is how long before a certificate expires the
	// certificate rules warn; 0 means DefaultExpiryWarning.
	ExpiryWarning time.Duration
	// Jurisdiction classifies certification authorities (SNC-10.6.a): the
	// embedded data, with the user's declarations when the run has a
	// --ca-jurisdiction file; nil means jurisdiction.Default().
	Jurisdiction *jurisdiction.DB
	// PublicRootSources are the pki anchor sources (scanner/pki Anchor.Source)
	// whose roots are public: chains ending at one are graded against the
	// CA/Browser Forum requirements (zlint) and Certificate Transparency.
	// Nil means DefaultPublicRootSources; a CA file's roots are private.
	PublicRootSources []string
	// Run is the run's endpoints, for the rules graded across the run
	// (Rule.Run); nil outside EvaluateRun.
	Run *RunView
}

// DefaultExpiryWarning is how long before expiry certificates are flagged
// when the context does not say.
const DefaultExpiryWarning = 30 * 24 * time.Hour

// DefaultPublicRootSources: the Mozilla root store compiled into the binary.
var DefaultPublicRootSources = []string{"mozilla"}

// ExpiryWindow is ExpiryWarning, or its default.
func (c Context) ExpiryWindow() time.Duration {
	if c.ExpiryWarning <= 0 {
		return DefaultExpiryWarning
	}
	return c.ExpiryWarning
}

// CADB is the jurisdiction database to classify CAs with.
func (c Context) CADB() *jurisdiction.DB {
	if c.Jurisdiction == nil {
		return jurisdiction.Default()
	}
	return c.Jurisdiction
}

// PublicRoot says whether an anchor of the given source is a public root.
func (c Context) PublicRoot(source string) bool {
	srcs := c.PublicRootSources
	if srcs == nil {
		srcs = DefaultPublicRootSources
	}
	return source != "" && slices.Contains(srcs, source)
}

// NewContext returns a context for the named profile ("" for the
// default), horizon year (0 for none) and evaluation time.
func NewContext(profile string, horizon int, now time.Time) (Context, error) {
	if profile == "" {
		profile = DefaultProfile
	}
	p, err := ProfileByName(profile)
	if err != nil {
		return Context{}, err
	}
	if horizon != 0 && (horizon < 2000 || horizon > 2200) {
		return Context{}, fmt.Errorf("horizon %d is not a plausible year", horizon)
	}
	return Context{Profile: p, Time: now.UTC(), Horizon: horizon}, nil
}

// Year is the year thresholds are chosen for: the later of the
// evaluation year and the horizon.
func (c Context) Year() int {
	y := c.Time.Year()
	if c.Time.IsZero() {
		y = time.Now().Year()
	}
	return max(y, c.Horizon)
}

// Beyond2030 reports whether the post-2030 sizes apply: from 2031, or
// when the horizon says the data must be protected beyond 2030.
func (c Context) Beyond2030() bool { return c.Year() > 2030 }
