package findings

import (
	"path/filepath"
	"testing"

	"github.com/synclint/synclint/internal/orggen"
)

// BenchmarkPV11Records measures the records pass of PV11 on a generated
// org (10 Lead rules on HubSpot-mapped fields) and 50,000 contacts, and
// reports rule evaluations per second (reported rules × records / s).
func BenchmarkPV11Records(b *testing.B) {
	dir := filepath.Join(b.TempDir(), "org")
	c := orggen.Defaults()
	c.Out, c.Objects, c.Fields, c.Rules, c.LeadRules, c.Records = dir, 4, 40, 4, 10, 50000
	if _, err := orggen.Generate(c); err != nil {
		b.Fatal(err)
	}
	in, err := LoadInput(LoadOptions{Dir: dir})
	if err != nil {
		b.Fatal(err)
	}
	var evals int64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		res := Analyze(in, Options{Only: []string{"PV11"}, Records: true})
		for _, f := range res.Findings {
			if f.Rule == "PV11" && f.Records != nil {
				evals += f.Records.Checked
			}
		}
	}
	b.ReportMetric(float64(evals)/b.Elapsed().Seconds(), "rule-evals/s")
}
