package main

import (
	"fmt"
	"io"
	"sync"
	"time"
)

// progress keeps one line on a terminal's stderr while a run goes on:
// how many endpoints are done, of how many, and the time elapsed
// (DESIGN.md, "Output contract"). It appears after a delay, so that a
// short run shows nothing, is redrawn every progressEvery, and is erased
// before anything else is written to the terminal (wrap) and at the end.
type progress struct {
	w     io.Writer
	total int
	now   func() time.Time
	start time.Time

	mu    sync.Mutex
	done  int
	shown bool
	stop  chan struct{}
	wg    sync.WaitGroup
	once  sync.Once
}

// progressEvery is how often the line is redrawn.
const progressEvery = 500 * time.Millisecond

// eraseLine returns the cursor to the start of the line and clears it.
const eraseLine = "\r\x1b[K"

// startProgress shows the progress of a run of total endpoints on w from
// delay on (at once when delay is 0).
func startProgress(w io.Writer, total int, delay time.Duration, now func() time.Time) *progress {
	p := &progress{w: w, total: total, now: now, start: now(), stop: make(chan struct{})}
	if delay == 0 {
		p.draw()
	}
	p.wg.Go(func() {
		select {
		case <-time.After(delay):
		case <-p.stop:
			return
		}
		t := time.NewTicker(progressEvery)
		defer t.Stop()
		for {
			p.draw()
			select {
			case <-t.C:
			case <-p.stop:
				return
			}
		}
	})
	return p
}

func (p *progress) draw() {
	p.mu.Lock()
	defer p.mu.Unlock()
	el := p.now().Sub(p.start).Round(time.Second)
	fmt.Fprintf(p.w, "%scryptoscan: %d of %d endpoints scanned, %d:%02d", eraseLine, p.done, p.total, int(el.Minutes()), int(el.Seconds())%60)
	p.shown = true
}

// add counts an endpoint done.
func (p *progress) add() {
	p.mu.Lock()
	p.done++
	p.mu.Unlock()
}

// finish stops the line and erases it; calls after the first do nothing.
func (p *progress) finish() {
	p.once.Do(func() {
		close(p.stop)
		p.wg.Wait()
		p.mu.Lock()
		defer p.mu.Unlock()
		p.eraseLocked()
	})
}

func (p *progress) eraseLocked() {
	if p.shown {
		io.WriteString(p.w, eraseLine)
		p.shown = false
	}
}

// wrap returns w writing through the progress line: the line is erased
// before each write (it comes back at the next redraw), so that a report
// or a diagnostic on the same terminal is not written over it.
func (p *progress) wrap(w io.Writer) io.Writer { return progressWriter{p: p, w: w} }

type progressWriter struct {
	p *progress
	w io.Writer
}

func (pw progressWriter) Write(b []byte) (int, error) {
	pw.p.mu.Lock()
	defer pw.p.mu.Unlock()
	pw.p.eraseLocked()
	return pw.w.Write(b)
}
