// Package bench measures synclint against the least any tool must do with
// the same checkout: read every metadata file it reads and run encoding/xml's
// tokenizer over the XML ones, on all cores (the floor). synclint's target is
// that a whole check costs at most twice the floor, on real corpora and on
// generated orgs of 100,000 files, and grows linearly with the number of
// files.
//
// The hidden command `synclint bench DIR` and the benchmarks in
// cmd/synclint/bench_test.go use it: both run the floor and the check
// alternately, so that both see the same machine load, and compare medians.
package bench

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/synclint/synclint/metadata"
)

// Corpus is the list of files the floor reads.
type Corpus struct {
	Files []metadata.SourceFile
	// Bytes is the total size of the files (known after one Floor run).
	Bytes int64
	// HubSpot lists the HubSpot export's JSON and CSV files (AddHubSpot),
	// which InputFloor reads too; HubSpotBytes is their size.
	HubSpot      []string
	HubSpotBytes int64
}

// AddHubSpot adds the JSON and CSV files under dir (a HubSpot export and
// its records) for InputFloor.
func (c *Corpus) AddHubSpot(dir string) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			if ext := strings.ToLower(filepath.Ext(p)); ext == ".json" || ext == ".csv" {
				c.HubSpot = append(c.HubSpot, p)
			}
		}
		return nil
	})
}

// InputFloor is Floor plus the least a reader of the HubSpot export must
// do: tokenize its JSON with encoding/json (Decoder.Token) and read its
// CSV records with encoding/csv, on the same workers. It is the fairer
// floor for small checkouts, where the export is larger than the
// metadata, and for record runs.
func (c *Corpus) InputFloor(workers int) int64 {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var total, next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= len(c.HubSpot) {
					return
				}
				total.Add(readHubSpotFile(c.HubSpot[i]))
			}
		}()
	}
	total.Add(c.Floor(workers))
	wg.Wait()
	c.HubSpotBytes = total.Load() - c.Bytes
	return total.Load()
}

func readHubSpotFile(p string) int64 {
	f, err := os.Open(p)
	if err != nil {
		return 0
	}
	defer f.Close()
	cr := &countingReader{r: bufio.NewReaderSize(f, 64<<10)}
	if strings.EqualFold(filepath.Ext(p), ".csv") {
		r := csv.NewReader(cr)
		r.FieldsPerRecord, r.LazyQuotes, r.ReuseRecord = -1, true, true
		for {
			if _, err := r.Read(); err == io.EOF {
				break
			} else if err != nil {
				if _, ok := err.(*csv.ParseError); !ok {
					break
				}
			}
		}
	} else {
		dec := json.NewDecoder(cr)
		for {
			if _, err := dec.Token(); err != nil {
				break
			}
		}
	}
	io.Copy(io.Discard, cr) // whatever a syntax error left unread
	return cr.n
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// LoadCorpus lists the files metadata.Load reads under dir.
func LoadCorpus(dir string) (*Corpus, error) {
	files, err := metadata.Files(dir, metadata.Options{})
	if err != nil {
		return nil, err
	}
	return &Corpus{Files: files}, nil
}

// Floor reads every file of c and tokenizes the XML ones with
// encoding/xml's Decoder.Token on workers goroutines (0: GOMAXPROCS). It
// returns the bytes read. Unreadable and malformed files end early, as they
// would for any reader.
func (c *Corpus) Floor(workers int) int64 {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var total, next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= len(c.Files) {
					return
				}
				data, err := os.ReadFile(c.Files[i].Path)
				if err != nil {
					continue
				}
				total.Add(int64(len(data)))
				if !c.Files[i].XML {
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
	c.Bytes = total.Load()
	return c.Bytes
}

// Sample is one timed run.
type Sample struct {
	Wall, CPU time.Duration
}

// Measure times fn: wall clock and this process's CPU time.
func Measure(fn func() error) (Sample, error) {
	c0, t0 := ProcessCPUTime(), time.Now()
	err := fn()
	return Sample{Wall: time.Since(t0), CPU: ProcessCPUTime() - c0}, err
}

// Series is a set of runs of one thing.
type Series []Sample

// Median returns the median wall and CPU times (each taken separately).
func (s Series) Median() Sample {
	if len(s) == 0 {
		return Sample{}
	}
	walls := make([]time.Duration, len(s))
	cpus := make([]time.Duration, len(s))
	for i, x := range s {
		walls[i], cpus[i] = x.Wall, x.CPU
	}
	return Sample{Wall: median(walls), CPU: median(cpus)}
}

func median(d []time.Duration) time.Duration {
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	n := len(d)
	if n%2 == 1 {
		return d[n/2]
	}
	return (d[n/2-1] + d[n/2]) / 2
}

// Comparison is the outcome of Compare.
type Comparison struct {
	Floor, Check Series
	// InputFloor is set by CompareInput.
	InputFloor Series
}

// Compare runs floor and check alternately, warmup times untimed (to fill
// the page cache and warm the allocator) and then runs times each. A nil
// floor skips it.
func Compare(floor, check func() error, warmup, runs int) (Comparison, error) {
	series, err := Alternate(warmup, runs, floor, check)
	return Comparison{Floor: series[0], Check: series[1]}, err
}

// CompareInput is Compare with the input floor timed in the same rounds.
func CompareInput(floor, inputFloor, check func() error, warmup, runs int) (Comparison, error) {
	series, err := Alternate(warmup, runs, floor, inputFloor, check)
	return Comparison{Floor: series[0], InputFloor: series[1], Check: series[2]}, err
}

// Alternate runs each function in turn, warmup rounds untimed and then runs
// timed rounds, so that all see the same machine load. Nil functions are
// skipped (their series stays empty).
func Alternate(warmup, runs int, fns ...func() error) ([]Series, error) {
	out := make([]Series, len(fns))
	for i := 0; i < warmup+runs; i++ {
		for k, fn := range fns {
			if fn == nil {
				continue
			}
			s, err := Measure(fn)
			if err != nil {
				return out, err
			}
			if i >= warmup {
				out[k] = append(out[k], s)
			}
		}
	}
	return out, nil
}

// InputRatio is the median check time over the median input floor time.
func (c Comparison) InputRatio() float64 {
	f := c.InputFloor.Median().Wall
	if f <= 0 {
		return 0
	}
	return float64(c.Check.Median().Wall) / float64(f)
}

// Ratio is the median check time over the median floor time (wall clock);
// 0 when the floor was not run.
func (c Comparison) Ratio() float64 {
	f := c.Floor.Median().Wall
	if f <= 0 {
		return 0
	}
	return float64(c.Check.Median().Wall) / float64(f)
}

// CPURatio is Ratio in CPU time, less disturbed by other programs sharing
// the machine (but blind to cores left idle).
func (c Comparison) CPURatio() float64 {
	f := c.Floor.Median().CPU
	if f <= 0 {
		return 0
	}
	return float64(c.Check.Median().CPU) / float64(f)
}

// PeakRSS returns the process's peak resident set size (VmHWM in
// /proc/self/status) in bytes, or 0 where that is unknown.
func PeakRSS() int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	return parseVmHWM(f)
}

func parseVmHWM(r io.Reader) int64 {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, "VmHWM:") {
			continue
		}
		fields := strings.Fields(strings.TrimPrefix(line, "VmHWM:"))
		if len(fields) == 0 {
			return 0
		}
		kb, err := strconv.ParseInt(fields[0], 10, 64)
		if err != nil {
			return 0
		}
		return kb << 10
	}
	return 0
}

// Report is what `synclint bench` prints.
type Report struct {
	Dir        string
	Files      int
	Bytes      int64
	Comparison Comparison
	// Records is the number of HubSpot records the check read (0: no
	// records pass).
	Records int64
	// Findings is the number of findings the check reported.
	Findings int
	// PeakRSS is the process's peak resident set size at the end (bytes).
	PeakRSS int64
	// GOMAXPROCS is the number of cores used.
	GOMAXPROCS int
	// HubSpotFiles and HubSpotBytes describe the export InputFloor read.
	HubSpotFiles int
	HubSpotBytes int64
}

// Write prints the report as aligned "name: value" lines.
func (r Report) Write(w io.Writer) {
	fl, ch := r.Comparison.Floor.Median(), r.Comparison.Check.Median()
	fmt.Fprintf(w, "dir:            %s\n", r.Dir)
	fmt.Fprintf(w, "metadata files: %d (%s), GOMAXPROCS %d, %d timed runs (medians)\n", r.Files, MiB(r.Bytes), r.GOMAXPROCS, len(r.Comparison.Check))
	if len(r.Comparison.Floor) > 0 {
		fmt.Fprintf(w, "floor:          %s wall, %s CPU (read + encoding/xml tokenize, all cores)\n", ms(fl.Wall), ms(fl.CPU))
	}
	fmt.Fprintf(w, "check:          %s wall, %s CPU (%d findings)\n", ms(ch.Wall), ms(ch.CPU), r.Findings)
	if len(r.Comparison.Floor) > 0 {
		fmt.Fprintf(w, "check/floor:    %.2f wall, %.2f CPU\n", r.Comparison.Ratio(), r.Comparison.CPURatio())
	}
	if in := r.Comparison.InputFloor.Median(); len(r.Comparison.InputFloor) > 0 && in.Wall > 0 {
		fmt.Fprintf(w, "input floor:    %s wall, %s CPU (the floor + the HubSpot export's %d JSON/CSV files, %s, via encoding/json and encoding/csv)\n",
			ms(in.Wall), ms(in.CPU), r.HubSpotFiles, MiB(r.HubSpotBytes))
		fmt.Fprintf(w, "check/input:    %.2f wall, %.2f CPU\n", r.Comparison.InputRatio(), float64(ch.CPU)/float64(max(in.CPU, 1)))
	}
	if r.Records > 0 && ch.Wall > 0 {
		fmt.Fprintf(w, "records:        %d read, %.0f rows/s over the whole check\n", r.Records, float64(r.Records)/ch.Wall.Seconds())
	}
	if r.PeakRSS > 0 {
		fmt.Fprintf(w, "peak RSS:       %s (VmHWM of this process)\n", MiB(r.PeakRSS))
	}
}

// MiB renders a byte count in MiB.
func MiB(n int64) string { return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20)) }

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond)) }
