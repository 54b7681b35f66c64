// Command demo is a tiny program to debug: go-sidecar checks the launch configurations next to it.
package main

import "fmt"

func main() {
	// Range over an integer needs Go 1.22, which is why go.mod says `go 1.22.0`.
	for i := range 3 {
		fmt.Println("hello from go-sidecar's demo", i)
	}
}
