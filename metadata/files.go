package metadata

import (
	"fmt"
	"os"
	"path/filepath"
)

// SourceFile is one file Load reads.
type SourceFile struct {
	// Path is the file's absolute path.
	Path string
	// XML is false for Apex sources (.cls, .trigger), which Load reads
	// without an XML parser.
	XML bool
}

// Files lists the files Load(root, opts) reads, in the order it merges
// them, after the same walk and root discovery. It exists for the
// performance floor synclint is measured against (internal/bench): reading
// exactly these files and tokenizing the XML ones with encoding/xml is the
// least any loader of this checkout must do.
func Files(root string, opts Options) ([]SourceFile, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, fmt.Errorf("metadata: %w", err)
	}
	fi, err := os.Stat(abs)
	if err != nil {
		return nil, fmt.Errorf("metadata: cannot open checkout: %w", err)
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("metadata: %s is not a folder", root)
	}
	d := discover(abs, walk(abs), opts.Roots)
	out := make([]SourceFile, len(d.jobs))
	for i, j := range d.jobs {
		out[i] = SourceFile{Path: j.abs, XML: j.kind != kindTrigger && j.kind != kindClass}
	}
	return out, nil
}
