package main

import "fmt"

func main() {
	fmt.Println("hello from the go-sidecar VS Code test")
}
