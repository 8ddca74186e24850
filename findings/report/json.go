package report

import (
	"encoding/json"
	"io"
)

// writeJSON writes the canonical document, indented, with a final newline.
func writeJSON(w io.Writer, d *Document, _ Options) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(d)
}

// ReadJSON reads a canonical document (for `synclint convert`).
func ReadJSON(r io.Reader) (*Document, error) {
	var d Document
	dec := json.NewDecoder(r)
	if err := dec.Decode(&d); err != nil {
		return nil, err
	}
	return &d, nil
}
