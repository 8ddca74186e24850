package main

import (
	"flag"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/synclint/synclint/fixtures"
	"github.com/synclint/synclint/internal/bench"
	"github.com/synclint/synclint/internal/orggen"
)

var (
	benchGenFiles = flag.String("gen-files", "10000,30000", "sizes of the generated orgs BenchmarkCheckFloorRatio measures (comma-separated; add 100000 for the scale target)")
	benchRows     = flag.String("rows", "100000,1000000", "contact record counts BenchmarkCheckRecords measures (comma-separated)")
)

// BenchmarkCheckFloorRatio runs the floor (read every metadata file check
// reads and tokenize the XML with encoding/xml, all cores) and the whole
// check (in-process, text output discarded) alternately on each real corpus
// with the acme HubSpot export, and on generated orgs of -gen-files metadata
// files, and reports both and their ratio: the target is check/floor ≤ 2.
//
//	go test ./cmd/synclint -run '^$' -bench CheckFloorRatio -benchtime 5x -args -gen-files 10000,30000,100000
func BenchmarkCheckFloorRatio(b *testing.B) {
	hs := filepath.Join(fixtures.Acme(), "hubspot")
	for _, name := range []string{"gsa-workspace", "ita-sfdcci", "npsp", "dreamhouse"} {
		b.Run(name, func(b *testing.B) {
			dir := filepath.Join("..", "..", "..", "shared", "corpora", name)
			if _, err := os.Stat(dir); err != nil {
				b.Skipf("corpus %s not found at %s (the shared corpora are not checked in)", name, dir)
			}
			benchRatio(b, dir, analysisFlags{hubspotDir: hs})
		})
	}
	for _, s := range strings.Split(*benchGenFiles, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n <= 0 {
			continue
		}
		b.Run("generated-"+strconv.Itoa(n), func(b *testing.B) {
			c := orggen.Defaults()
			c.Out, c.Files = b.TempDir(), n
			if _, err := orggen.Generate(c); err != nil {
				b.Fatal(err)
			}
			benchRatio(b, c.Out, analysisFlags{})
		})
	}
}

func benchRatio(b *testing.B, dir string, flags analysisFlags) {
	corpus, err := bench.LoadCorpus(dir)
	if err != nil {
		b.Fatal(err)
	}
	ck := &benchChecker{dir: dir, flags: flags, specs: []outputSpec{{format: "text"}}}
	floor := func() error { corpus.Floor(0); return nil }
	// One untimed round fills the page cache.
	if _, err := bench.Compare(floor, ck.run, 1, 0); err != nil {
		b.Fatal(err)
	}
	var cmp bench.Comparison
	for b.Loop() {
		c, err := bench.Compare(floor, ck.run, 0, 1)
		if err != nil {
			b.Fatal(err)
		}
		cmp.Floor = append(cmp.Floor, c.Floor...)
		cmp.Check = append(cmp.Check, c.Check...)
	}
	fl, ch := cmp.Floor.Median(), cmp.Check.Median()
	b.ReportMetric(float64(len(corpus.Files)), "files")
	b.ReportMetric(fl.Wall.Seconds()*1000, "floor-ms")
	b.ReportMetric(ch.Wall.Seconds()*1000, "check-ms")
	b.ReportMetric(cmp.Ratio(), "check/floor")
	b.ReportMetric(cmp.CPURatio(), "cpu-check/floor")
}

// BenchmarkCheckRecords checks a generated org whose HubSpot export holds
// -rows contacts with 30 properties mapped to Lead fields read by 50
// validation rules, in the one streaming pass, and reports rows/s, heap
// allocations per row and the peak heap in use while the check runs, which
// must not grow with the number of rows (compare the sub-benchmarks).
//
//	go test ./cmd/synclint -run '^$' -bench CheckRecords -benchtime 1x
func BenchmarkCheckRecords(b *testing.B) {
	for _, s := range strings.Split(*benchRows, ",") {
		rows, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || rows <= 0 {
			continue
		}
		b.Run("rows="+strconv.Itoa(rows), func(b *testing.B) {
			c := orggen.Defaults()
			c.Out, c.Objects, c.Records = b.TempDir(), 5, rows
			if _, err := orggen.Generate(c); err != nil {
				b.Fatal(err)
			}
			ck := &benchChecker{dir: c.Out, specs: []outputSpec{{format: "text"}}}
			var peak, mallocs uint64
			var before, after runtime.MemStats
			for b.Loop() {
				runtime.GC()
				runtime.ReadMemStats(&before)
				stop := bench.SampleHeap()
				err := ck.run()
				if p := stop(); p > peak {
					peak = p
				}
				runtime.ReadMemStats(&after)
				mallocs += after.Mallocs - before.Mallocs
				if err != nil {
					b.Fatal(err)
				}
				if ck.records != int64(rows) {
					b.Fatalf("read %d records, want %d", ck.records, rows)
				}
			}
			perOp := b.Elapsed().Seconds() / float64(b.N)
			b.ReportMetric(float64(rows)/perOp, "rows/s")
			b.ReportMetric(float64(mallocs)/float64(b.N)/float64(rows), "allocs/row")
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
		})
	}
}
