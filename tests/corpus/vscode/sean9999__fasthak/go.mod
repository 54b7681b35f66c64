module github.com/sean9999/fasthak

go 1.23.0

require (
	github.com/sean9999/go-fsnotify-recursively v0.1.3
	github.com/sean9999/rebouncer v1.0.2
)

require (
	github.com/abc-inc/browser v1.0.1 // indirect
	github.com/bmatcuk/doublestar/v4 v4.6.1 // indirect
	github.com/fsnotify/fsnotify v1.7.0 // indirect
	golang.org/x/sys v0.20.0 // indirect
)
