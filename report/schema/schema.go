// Package schema holds the JSON Schema of cryptoscan's NDJSON events and
// validates documents against it. The schema file is the contract; the Go
// writers in package report are tested against it, never the reverse.
package schema

import (
	"bufio"
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// Version is the schema_version every event carries.
const Version = "1.0"

// ID is the schema's $id.
const ID = "https://github.com/cryptoscan/cryptoscan/report/schema/events.schema.json"

//go:embed events.schema.json
var schemaJSON []byte

// maxLine bounds one NDJSON line read by ValidateStream.
const maxLine = 64 << 20

var compiled = sync.OnceValues(func() (*jsonschema.Schema, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schemaJSON))
	if err != nil {
		return nil, fmt.Errorf("failed to parse embedded schema: %w", err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	if err := c.AddResource(ID, doc); err != nil {
		return nil, fmt.Errorf("failed to add embedded schema: %w", err)
	}
	s, err := c.Compile(ID)
	if err != nil {
		return nil, fmt.Errorf("failed to compile embedded schema: %w", err)
	}
	return s, nil
})

// Validate checks that doc is exactly one JSON document and a valid event.
func Validate(doc []byte) error {
	s, err := compiled()
	if err != nil {
		return err
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		return fmt.Errorf("invalid JSON: %w", err)
	}
	if err := s.Validate(v); err != nil {
		var ve *jsonschema.ValidationError
		if errors.As(err, &ve) {
			return fmt.Errorf("invalid event: %w", ve)
		}
		return err
	}
	return nil
}

// ValidateStream checks every line of an NDJSON stream with Validate. The
// error names the first line that fails (counting from 1). Empty lines are
// errors; an empty stream is valid.
func ValidateStream(r io.Reader) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxLine)
	n := 0
	for sc.Scan() {
		n++
		line := sc.Bytes()
		if len(bytes.TrimSpace(line)) == 0 {
			return fmt.Errorf("line %d: empty line", n)
		}
		if err := Validate(line); err != nil {
			return fmt.Errorf("line %d: %w", n, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("line %d: failed to read: %w", n+1, err)
	}
	return nil
}
