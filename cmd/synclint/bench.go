package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strings"

	"github.com/spf13/cobra"
	"github.com/synclint/synclint/config"
	"github.com/synclint/synclint/findings"
	"github.com/synclint/synclint/findings/report"
	"github.com/synclint/synclint/internal/bench"
)

func init() { register(newBenchCmd) }

type benchFlags struct {
	configPath string
	hubspotDir string
	recordsDir string
	noRecords  bool
	formats    []string
	runs       int
	warmup     int
	noFloor    bool
	cpuProfile string
	memProfile string
}

// newBenchCmd is `synclint bench DIR`, hidden: it times check on DIR against
// the floor of reading and tokenizing the same files (internal/bench) and
// prints their ratio, the records read and the peak RSS.
func newBenchCmd(a *app) *cobra.Command {
	var fl benchFlags
	cmd := &cobra.Command{
		Use:    "bench DIR",
		Hidden: true,
		Short:  "Time check on DIR against the floor of reading and tokenizing its metadata",
		Long: `bench runs, alternately, the floor (read every metadata file check reads and
tokenize the XML ones with encoding/xml, on all cores) and the check itself
(load, analysis, post-processing and rendering of every --format, in-process,
output discarded), and prints the medians, their ratio (the target is at most
2.0), the HubSpot records read with rows per second, and the peak RSS of the
process. --cpuprofile profiles the check runs only (the floor runs first).`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runBench(a, args[0], &fl)
		},
	}
	f := cmd.Flags()
	f.StringVar(&fl.configPath, "config", "", "config file (as for check)")
	f.StringVar(&fl.hubspotDir, "hubspot", "", "HubSpot export folder (as for check)")
	f.StringVar(&fl.recordsDir, "records", "", "folder of HubSpot record CSV exports (as for check)")
	f.BoolVar(&fl.noRecords, "no-records", false, "skip the record-level checks")
	f.StringArrayVar(&fl.formats, "format", []string{"text"}, "formats rendered by each check run (output discarded); repeatable")
	f.IntVar(&fl.runs, "runs", 5, "timed runs of each")
	f.IntVar(&fl.warmup, "warmup", 1, "untimed runs of each first (page cache, allocator)")
	f.BoolVar(&fl.noFloor, "no-floor", false, "time only the check (for record runs, where the floor is not the point)")
	f.StringVar(&fl.cpuProfile, "cpuprofile", "", "write a CPU profile of the check runs to this file")
	f.StringVar(&fl.memProfile, "memprofile", "", "write a heap profile after the last check run to this file")
	return cmd
}

func runBench(a *app, dir string, fl *benchFlags) error {
	if fl.runs < 1 {
		return usageErr("--runs must be at least 1")
	}
	var specs []outputSpec
	for _, v := range fl.formats {
		if !report.KnownFormat(v) {
			return usageErr("unknown format %q", v)
		}
		specs = append(specs, outputSpec{format: v})
	}
	corpus, err := bench.LoadCorpus(dir)
	if err != nil {
		return usageErr("%v", err)
	}
	ck := &benchChecker{dir: dir, specs: specs, flags: analysisFlags{
		configPath: fl.configPath, hubspotDir: fl.hubspotDir, recordsDir: fl.recordsDir, noRecords: fl.noRecords,
	}}
	check := ck.run
	floor := func() error { corpus.Floor(0); return nil }
	var inputFloor func() error
	if hs := benchHubSpotDirs(dir, fl); len(hs) > 0 {
		for _, d := range hs {
			if err := corpus.AddHubSpot(d); err != nil {
				return usageErr("%v", err)
			}
		}
		inputFloor = func() error { corpus.InputFloor(0); return nil }
	}
	var cmp bench.Comparison
	if fl.cpuProfile != "" {
		// Profile the check alone: the floors run first, then the checks.
		if !fl.noFloor {
			floors, err := bench.Alternate(fl.warmup, fl.runs, floor, inputFloor)
			if err != nil {
				return err
			}
			cmp.Floor, cmp.InputFloor = floors[0], floors[1]
		}
		f, err := os.Create(fl.cpuProfile)
		if err != nil {
			return usageErr("%v", err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return usageErr("%v", err)
		}
		checks, err := bench.Alternate(fl.warmup, fl.runs, check)
		pprof.StopCPUProfile()
		if err != nil {
			return &exitError{code: exitUsage, err: err}
		}
		cmp.Check = checks[0]
	} else {
		if fl.noFloor {
			floor, inputFloor = nil, nil
		}
		if cmp, err = bench.CompareInput(floor, inputFloor, check, fl.warmup, fl.runs); err != nil {
			return &exitError{code: exitUsage, err: err}
		}
	}
	if fl.noFloor || fl.cpuProfile != "" {
		corpus.Floor(0) // once, for the byte count
	}
	if fl.memProfile != "" {
		f, err := os.Create(fl.memProfile)
		if err != nil {
			return usageErr("%v", err)
		}
		runtime.GC()
		err = pprof.WriteHeapProfile(f)
		f.Close()
		if err != nil {
			return usageErr("%v", err)
		}
	}
	bench.Report{
		Dir: dir, Files: len(corpus.Files), Bytes: corpus.Bytes, Comparison: cmp,
		Records: ck.records, Findings: ck.findings, PeakRSS: bench.PeakRSS(), GOMAXPROCS: runtime.GOMAXPROCS(0),
		HubSpotFiles: len(corpus.HubSpot), HubSpotBytes: corpus.HubSpotBytes,
	}.Write(a.stdout)
	fmt.Fprintln(a.stdout)
	return nil
}

// benchChecker runs check in-process the way runCheck does (load, analysis,
// post-processing, every format rendered), with the output discarded.
type benchChecker struct {
	dir   string
	flags analysisFlags
	specs []outputSpec
	// records and findings are those of the last run.
	records  int64
	findings int
}

func (c *benchChecker) run() error {
	quiet := &app{stdout: io.Discard, stderr: io.Discard, getenv: func(string) string { return "" }}
	an, err := analyze(context.Background(), c.dir, &c.flags, pipeline{minSeverity: findings.Note})
	if err != nil {
		return err
	}
	doc := an.document(c.dir, false, "")
	for _, spec := range c.specs {
		if err := writeReport(quiet, spec, doc, report.Options{Width: 120, SourceDir: an.in.Root}); err != nil {
			return err
		}
	}
	c.records = 0
	for _, n := range an.res.RecordsRead {
		c.records += n
	}
	c.findings = len(doc.Findings)
	return nil
}

// benchHubSpotDirs finds the HubSpot export (and records folder) check
// reads, as LoadInput does: the flags, else the config's.
func benchHubSpotDirs(dir string, fl *benchFlags) []string {
	root, err := filepath.Abs(dir)
	if err != nil {
		return nil
	}
	cfgPath := fl.configPath
	if cfgPath == "" {
		cfgPath = config.Find(root)
	}
	cfg := config.Default(root)
	if cfgPath != "" {
		if c, err := config.Load(cfgPath); err == nil {
			cfg = c
		}
	}
	hs := fl.hubspotDir
	if hs == "" {
		hs = cfg.Resolve(cfg.HubSpot)
	}
	records := fl.recordsDir
	if records == "" && cfg.Records != "" {
		records = cfg.Resolve(cfg.Records)
	}
	var out []string
	for _, d := range []string{hs, records} {
		if d == "" {
			continue
		}
		if fi, err := os.Stat(d); err == nil && fi.IsDir() {
			if len(out) == 0 || !strings.HasPrefix(d, out[0]+string(filepath.Separator)) {
				out = append(out, d)
			}
		}
	}
	return out
}
