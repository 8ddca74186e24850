package metadata

import (
	"bytes"
	"encoding/xml"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// corpora are the real checkouts under ../shared/corpora (see its README).
var corpora = []string{"gsa-workspace", "ita-sfdcci", "npsp", "dreamhouse"}

func corpusPath(t testing.TB, name string) string {
	t.Helper()
	p := filepath.Join("..", "..", "shared", "corpora", name)
	if fi, err := os.Stat(p); err != nil || !fi.IsDir() {
		t.Skipf("corpus %s not found at %s (the shared corpora are not checked in; see ../shared/corpora/README.md)", name, p)
	}
	return p
}

// BenchmarkLoadCorpus measures Load on each corpus: walking, discovery,
// reading, parsing, merging and built-in knowledge, with all cores.
func BenchmarkLoadCorpus(b *testing.B) {
	for _, name := range corpora {
		b.Run(name, func(b *testing.B) {
			root := corpusPath(b, name)
			var org *Org
			for b.Loop() {
				var err error
				org, err = Load(root, Options{})
				if err != nil {
					b.Fatal(err)
				}
			}
			b.SetBytes(org.Stats.Bytes)
			b.ReportMetric(float64(org.Stats.Files), "files")
		})
	}
}

// BenchmarkLoadCorpusXMLQuery is BenchmarkLoadCorpus with xmlquery's own
// parser, to show why ParserFast exists.
func BenchmarkLoadCorpusXMLQuery(b *testing.B) {
	for _, name := range corpora {
		b.Run(name, func(b *testing.B) {
			root := corpusPath(b, name)
			var org *Org
			for b.Loop() {
				var err error
				org, err = Load(root, Options{Parser: ParserXMLQuery})
				if err != nil {
					b.Fatal(err)
				}
			}
			b.SetBytes(org.Stats.Bytes)
		})
	}
}

// BenchmarkTokenizeFloor is the performance floor synclint is measured
// against: read every file Load reads and run encoding/xml's tokenizer
// (Decoder.Token) over the XML ones, on all cores. Finding the files is
// done once outside the timed loop, so the floor is if anything too low and
// the Load/floor ratio too high.
func BenchmarkTokenizeFloor(b *testing.B) {
	for _, name := range corpora {
		b.Run(name, func(b *testing.B) {
			root := corpusPath(b, name)
			abs, _ := filepath.Abs(root)
			d := discover(abs, walk(abs), nil)
			files := make([]string, len(d.jobs))
			xmlFile := make([]bool, len(d.jobs))
			for i, j := range d.jobs {
				files[i] = j.abs
				xmlFile[i] = j.kind != kindTrigger && j.kind != kindClass
			}
			var total int64
			for b.Loop() {
				total = tokenizeAll(files, xmlFile, runtime.GOMAXPROCS(0))
			}
			b.SetBytes(total)
			b.ReportMetric(float64(len(files)), "files")
		})
	}
}

func tokenizeAll(files []string, xmlFile []bool, workers int) int64 {
	var total atomic.Int64
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= len(files) {
					return
				}
				data, err := os.ReadFile(files[i])
				if err != nil {
					continue
				}
				total.Add(int64(len(data)))
				if !xmlFile[i] {
					continue // Apex source: reading it is the floor
				}
				dec := xml.NewDecoder(bytes.NewReader(data))
				for {
					if _, err := dec.Token(); err != nil {
						break // io.EOF or a syntax error: the file is done
					}
				}
			}
		}()
	}
	wg.Wait()
	return total.Load()
}

// BenchmarkLoadFloorRatio runs the floor and Load alternately on each
// corpus, so that both see the same machine load, and reports
// load/floor: the figure synclint's performance target is about (Load must
// stay well under 2× so that the whole check can).
func BenchmarkLoadFloorRatio(b *testing.B) {
	for _, name := range corpora {
		b.Run(name, func(b *testing.B) {
			root := corpusPath(b, name)
			abs, _ := filepath.Abs(root)
			d := discover(abs, walk(abs), nil)
			files := make([]string, len(d.jobs))
			xmlFile := make([]bool, len(d.jobs))
			for i, j := range d.jobs {
				files[i] = j.abs
				xmlFile[i] = j.kind != kindTrigger && j.kind != kindClass
			}
			var floor, load, floorCPU, loadCPU time.Duration
			for b.Loop() {
				c0, t0 := processCPUTime(), time.Now()
				tokenizeAll(files, xmlFile, runtime.GOMAXPROCS(0))
				c1, t1 := processCPUTime(), time.Now()
				if _, err := Load(root, Options{}); err != nil {
					b.Fatal(err)
				}
				floor += t1.Sub(t0)
				load += time.Since(t1)
				floorCPU += c1 - c0
				loadCPU += processCPUTime() - c1
			}
			n := float64(b.N)
			b.ReportMetric(float64(floor.Milliseconds())/n, "floor-ms")
			b.ReportMetric(float64(load.Milliseconds())/n, "load-ms")
			b.ReportMetric(float64(load)/float64(floor), "load/floor")
			if floorCPU > 0 {
				b.ReportMetric(float64(loadCPU)/float64(floorCPU), "cpu-load/floor")
			}
		})
	}
}
