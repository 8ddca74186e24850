package bench

import (
	"runtime/metrics"
	"sync"
	"time"
)

// SampleHeap samples the bytes held by live and not-yet-swept heap objects
// every few milliseconds until the returned stop is called, which returns
// the peak seen. In `go test -bench`, where the process's peak RSS also
// counts earlier benchmarks, it is the memory figure that says whether a
// run's memory grows with its input.
func SampleHeap() (stop func() uint64) {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	var peak uint64
	read := func() {
		metrics.Read(s)
		if s[0].Value.Kind() == metrics.KindUint64 {
			if v := s[0].Value.Uint64(); v > peak {
				peak = v
			}
		}
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				read()
			}
		}
	}()
	return func() uint64 {
		close(done)
		wg.Wait()
		read()
		return peak
	}
}
