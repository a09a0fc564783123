package auth

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// KeySource finds the key a token header names.
type KeySource interface {
	LookupKey(ctx context.Context, h JOSEHeader) (Key, error)
}

// Fetcher gets a document by URL: the JWKS. An implementation returns an
// error for any answer other than 200, reads at most MaxJWKSSize+1 bytes, and
// gives up when ctx is done. `wasmcp serve` uses net/http
// (authhttp.NewFetcher); the composed server's transport uses
// wasi:http/outgoing-handler.
type Fetcher interface {
	Fetch(ctx context.Context, url string) ([]byte, error)
}

// FetcherFunc adapts a function to Fetcher.
type FetcherFunc func(ctx context.Context, url string) ([]byte, error)

// Fetch implements Fetcher.
func (f FetcherFunc) Fetch(ctx context.Context, url string) ([]byte, error) { return f(ctx, url) }

// Defaults of the JWKS cache.
const (
	DefaultJWKSTTL     = 300 * time.Second
	DefaultJWKSTimeout = 5 * time.Second
	// failureBackoff is how long a failed fetch is not retried (at most the
	// TTL): requests in that time are answered at once instead of each
	// waiting for an endpoint that is down.
	failureBackoff = 10 * time.Second
)

// JWKSCache is a KeySource that fetches a JWKS and keeps it for a TTL. A kid
// it does not know makes it fetch again, at most once per TTL, so that a key
// rotation is picked up at once while tokens with made-up kids cannot make it
// fetch on every request. When a fetch fails, keys fetched before are kept
// and used; without any, lookups fail with ErrKeysUnavailable.
type JWKSCache struct {
	url     string
	fetcher Fetcher
	ttl     time.Duration
	timeout time.Duration
	now     func() time.Time
	log     func(format string, args ...any)

	fetching chan struct{} // holds one token while a fetch runs

	mu          sync.Mutex
	set         KeySet
	fetchedAt   time.Time // last successful fetch
	generation  int       // successful fetches so far
	failedAt    time.Time // last failed fetch
	lastErr     error
	refetchedAt time.Time // last fetch caused by an unknown kid
}

// JWKSOptions configure a JWKSCache; zero fields take the defaults.
type JWKSOptions struct {
	TTL     time.Duration
	Timeout time.Duration // of one fetch
	Now     func() time.Time
	// Log receives fetch failures and skipped keys (never a token).
	Log func(format string, args ...any)
}

// NewJWKSCache returns a cache of the JWKS at url, fetched with f. Nothing is
// fetched before the first lookup.
func NewJWKSCache(url string, f Fetcher, o JWKSOptions) *JWKSCache {
	c := &JWKSCache{url: url, fetcher: f, ttl: o.TTL, timeout: o.Timeout, now: o.Now, log: o.Log,
		fetching: make(chan struct{}, 1)}
	if c.ttl <= 0 {
		c.ttl = DefaultJWKSTTL
	}
	if c.timeout <= 0 {
		c.timeout = DefaultJWKSTimeout
	}
	if c.now == nil {
		c.now = time.Now
	}
	if c.log == nil {
		c.log = func(string, ...any) {}
	}
	return c
}

// LookupKey implements KeySource.
func (c *JWKSCache) LookupKey(ctx context.Context, h JOSEHeader) (Key, error) {
	now := c.now()
	c.mu.Lock()
	set, gen := c.set, c.generation
	fresh := gen > 0 && now.Sub(c.fetchedAt) < c.ttl
	c.mu.Unlock()

	if fresh {
		k, err := set.find(h)
		if !errors.Is(err, ErrUnknownKey) || h.Kid == "" {
			return k, err
		}
		c.mu.Lock()
		allowed := c.refetchedAt.IsZero() || now.Sub(c.refetchedAt) >= c.ttl
		if allowed {
			c.refetchedAt = now
		}
		c.mu.Unlock()
		if !allowed {
			return Key{}, err
		}
	}
	if err := c.refresh(ctx, gen); err != nil {
		if len(set) == 0 {
			return Key{}, err
		}
		// Keys fetched before still verify the tokens they verified.
		return set.find(h)
	}
	c.mu.Lock()
	set = c.set
	c.mu.Unlock()
	return set.find(h)
}

// refresh fetches the JWKS unless another caller has done so since
// generation gen was read, or a fetch failed moments ago.
func (c *JWKSCache) refresh(ctx context.Context, gen int) error {
	select {
	case c.fetching <- struct{}{}:
	case <-ctx.Done():
		return fmt.Errorf("%w: %v", ErrKeysUnavailable, ctx.Err())
	}
	defer func() { <-c.fetching }()

	now := c.now()
	c.mu.Lock()
	if c.generation != gen {
		c.mu.Unlock()
		return nil
	}
	if !c.failedAt.IsZero() && now.Sub(c.failedAt) < min(failureBackoff, c.ttl) {
		err := c.lastErr
		c.mu.Unlock()
		return err
	}
	c.mu.Unlock()

	fctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	set, err := c.fetch(fctx)
	c.mu.Lock()
	defer c.mu.Unlock()
	if err != nil {
		c.failedAt, c.lastErr = c.now(), fmt.Errorf("%w: %v", ErrKeysUnavailable, err)
		c.log("auth: fetching the JWKS %s: %v", c.url, err)
		return c.lastErr
	}
	c.set, c.fetchedAt, c.failedAt, c.lastErr = set, c.now(), time.Time{}, nil
	c.generation++
	return nil
}

func (c *JWKSCache) fetch(ctx context.Context) (KeySet, error) {
	body, err := c.fetcher.Fetch(ctx, c.url)
	if err != nil {
		return nil, err
	}
	if ctx.Err() != nil {
		// A fetcher that ignored its deadline is still held to it.
		return nil, ctx.Err()
	}
	set, skipped, err := ParseJWKS(body)
	if err != nil {
		return nil, err
	}
	for _, s := range skipped {
		c.log("auth: JWKS %s: skipped %v", c.url, s)
	}
	return set, nil
}
