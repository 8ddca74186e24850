package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/synclint/synclint/findings"
)

const repoRoot = "../../.."

// TestDocsAreCurrent fails when a rule changed and `go generate ./...` was
// not run: the committed docs/rules and README table must be what the
// catalog generates.
func TestDocsAreCurrent(t *testing.T) {
	out, stale, err := files(repoRoot)
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range out {
		got, err := os.ReadFile(filepath.Join(repoRoot, filepath.FromSlash(name)))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s is stale: run `go generate ./...` and commit the result", name)
		}
	}
	for _, name := range stale {
		t.Errorf("%s documents a rule that no longer exists: run `go generate ./...`", name)
	}
}

func TestReplaceTable(t *testing.T) {
	in := []byte("intro\n<!-- rules:begin -->\nold\n<!-- rules:end -->\nrest\n")
	got, err := replaceTable(in, "| new |\n")
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != "intro\n<!-- rules:begin -->\n| new |\n<!-- rules:end -->\nrest\n" {
		t.Errorf("got %q", got)
	}
	if _, err := replaceTable([]byte("no markers"), ""); err == nil {
		t.Error("a README without markers was accepted")
	}
	rules := findings.Rules()
	if len(rules) == 0 || !strings.Contains(table(rules), "[SL05](docs/rules/SL05.md)") {
		t.Error("the table lacks SL05")
	}
}
