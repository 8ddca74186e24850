package filter

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/synclint/synclint/findings"
	"github.com/synclint/synclint/metadata"
)

// BenchmarkPipelineCorpus measures the post-processing on the largest real
// org of the shared corpora (GSA/SF_WorkSpace, about 6,000 custom fields):
// the directive scan reads every file of the metadata roots once.
func BenchmarkPipelineCorpus(b *testing.B) {
	dir := filepath.Join("..", "..", "..", "shared", "corpora", "gsa-workspace")
	if _, err := os.Stat(dir); err != nil {
		b.Skipf("corpus absent (%v): the shared corpora are not here", err)
	}
	org, err := metadata.Load(dir, metadata.Options{})
	if err != nil {
		b.Fatal(err)
	}
	root, _ := filepath.Abs(dir)
	var fs []findings.Finding
	for i := 0; i < 2000; i++ {
		f := findings.Finding{Rule: "PV02", Severity: findings.Error, Component: "Obj.F" + itoa3(i), Location: findings.Location{File: "force-app/x.xml", Line: i}}
		f.Fingerprint = findings.Fingerprint(f)
		fs = append(fs, f)
	}
	base := NewBaseline(fs[:1000], nil)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Apply(fs, Options{Root: root, Org: org, Baseline: base, MinSeverity: findings.Warning})
	}
}

func itoa3(i int) string {
	return string(rune('a'+i/676%26)) + string(rune('a'+i/26%26)) + string(rune('a'+i%26))
}
