package findings_test

import (
	"bufio"
	"encoding/csv"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/synclint/synclint/findings"
	"github.com/synclint/synclint/fixtures"
)

// BenchmarkRecordChecks1M runs every rule with its record-level part over
// the acme fixture with a generated contacts export of 100,000 and of
// 1,000,000 rows (the acme contacts, dirty values included, repeated with
// new ids), in the one streaming pass Analyze makes. It reports rows/s and
// the peak heap in use while Analyze runs: the peak must not grow with the
// number of rows (compare the two sub-benchmarks).
//
//	go test ./findings -run '^$' -bench RecordChecks1M -benchtime 1x
func BenchmarkRecordChecks1M(b *testing.B) {
	peaks := map[int]float64{}
	for _, rows := range []int{100_000, 1_000_000} {
		b.Run("rows="+strconv.Itoa(rows), func(b *testing.B) {
			dir := acmeWithContacts(b, rows)
			in, err := findings.LoadInput(findings.LoadOptions{Dir: dir})
			if err != nil {
				b.Fatal(err)
			}
			var peak, mallocs uint64
			var before, after runtime.MemStats
			b.ResetTimer()
			for b.Loop() {
				runtime.GC()
				runtime.ReadMemStats(&before)
				stop := sampleHeap(&peak)
				res := findings.Analyze(in, findings.Options{Records: true})
				stop()
				runtime.ReadMemStats(&after)
				mallocs += after.Mallocs - before.Mallocs
				if got := res.RecordsRead["contacts"]; got != int64(rows) {
					b.Fatalf("read %d contacts, want %d", got, rows)
				}
			}
			b.StopTimer()
			perOp := b.Elapsed().Seconds() / float64(b.N)
			b.ReportMetric(float64(rows)/perOp, "rows/s")
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
			b.ReportMetric(float64(mallocs)/float64(b.N)/float64(rows), "allocs/row")
			peaks[rows] = float64(peak) / (1 << 20)
		})
	}
	if small, large := peaks[100_000], peaks[1_000_000]; small > 0 && large > 0 {
		b.Logf("peak heap: %.1f MB for 100k rows, %.1f MB for 1M rows (ratio %.2f)", small, large, large/small)
	}
}

// sampleHeap records the largest heap in use (runtime.MemStats.HeapInuse:
// live objects plus garbage not yet swept, in spans) until stop is called.
// It samples through runtime/metrics, which reads the same counters as
// ReadMemStats without stopping the world every few milliseconds; the final
// reading comes from ReadMemStats.
func sampleHeap(peak *uint64) (stop func()) {
	var done atomic.Bool
	var wg sync.WaitGroup
	samples := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/memory/classes/heap/unused:bytes"}}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for !done.Load() {
			metrics.Read(samples)
			if inUse := samples[0].Value.Uint64() + samples[1].Value.Uint64(); inUse > *peak {
				*peak = inUse
			}
			time.Sleep(5 * time.Millisecond)
		}
	}()
	return func() {
		done.Store(true)
		wg.Wait()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		if ms.HeapInuse > *peak {
			*peak = ms.HeapInuse
		}
	}
}

// acmeWithContacts copies the acme fixture into a temporary folder and
// replaces its contacts export with rows records made by repeating the
// acme contacts under new ids.
func acmeWithContacts(b *testing.B, rows int) string {
	b.Helper()
	dir := b.TempDir()
	src := fixtures.Acme()
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		dst := filepath.Join(dir, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, data, 0o644)
	})
	if err != nil {
		b.Fatal(err)
	}
	f, err := os.Open(filepath.Join(src, "hubspot", "records", "contacts.csv"))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	header, err := r.Read()
	if err != nil {
		b.Fatal(err)
	}
	var sample [][]string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			b.Fatal(err)
		}
		sample = append(sample, rec)
	}
	out, err := os.Create(filepath.Join(dir, "hubspot", "records", "contacts.csv"))
	if err != nil {
		b.Fatal(err)
	}
	bw := bufio.NewWriterSize(out, 1<<20)
	w := csv.NewWriter(bw)
	if err := w.Write(header); err != nil {
		b.Fatal(err)
	}
	row := make([]string, len(header))
	for i := 0; i < rows; i++ {
		copy(row, sample[i%len(sample)])
		row[0] = strconv.Itoa(60000000000 + i) // hs_object_id
		if err := w.Write(row); err != nil {
			b.Fatal(err)
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		b.Fatal(err)
	}
	if err := bw.Flush(); err != nil {
		b.Fatal(err)
	}
	if err := out.Close(); err != nil {
		b.Fatal(err)
	}
	return dir
}
