module gitlab.tu-berlin.de/mcc-fred/fred

go 1.15

require (
	github.com/BurntSushi/toml v0.3.1
	github.com/alecthomas/kingpin v2.2.6+incompatible
	github.com/alecthomas/template v0.0.0-20190718012654-fb15b899a751 // indirect
	github.com/alecthomas/units v0.0.0-20190924025748-f65c72e2690d // indirect
	github.com/aws/aws-sdk-go v1.34.13
	github.com/coreos/go-semver v0.3.0 // indirect
	github.com/dgraph-io/badger/v2 v2.0.3
	github.com/go-errors/errors v1.1.1
	github.com/gogo/protobuf v1.3.1 // indirect
	github.com/golang/protobuf v1.4.1
	github.com/google/uuid v1.1.1 // indirect
	github.com/mmcloughlin/geohash v0.9.0
	github.com/rs/zerolog v1.17.2
	github.com/stretchr/testify v1.5.1
	go.etcd.io/etcd v0.5.0-alpha.5.0.20200306183522-221f0cc107cb
	go.uber.org/zap v1.15.0 // indirect
	golang.org/x/lint v0.0.0-20200302205851-738671d3881b // indirect
	golang.org/x/tools v0.0.0-20200812231640-9176cd30088c // indirect
	golang.org/x/xerrors v0.0.0-20200804184101-5ec99f83aff1 // indirect
	google.golang.org/grpc v1.28.1
	google.golang.org/protobuf v1.25.0
	gopkg.in/yaml.v2 v2.2.4 // indirect
)
