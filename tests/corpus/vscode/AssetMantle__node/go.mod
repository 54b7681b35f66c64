module github.com/persistenceOne/persistenceSDK

require (
	github.com/asaskevich/govalidator v0.0.0-20190424111038-f61b66f89f4a
	github.com/cosmos/cosmos-sdk v0.37.4
	github.com/gogo/protobuf v1.3.0
	github.com/gorilla/mux v1.7.3
	github.com/otiai10/copy v1.0.2
	github.com/pkg/errors v0.8.1
	github.com/snikch/goodman v0.0.0-20171125024755-10e37e294daa
	github.com/spf13/cobra v0.0.5
	github.com/spf13/pflag v1.0.5 // indirect
	github.com/spf13/viper v1.4.0
	github.com/stretchr/testify v1.4.0
	github.com/tendermint/go-amino v0.15.1
	github.com/tendermint/tendermint v0.32.7
	github.com/tendermint/tm-db v0.2.0
	gopkg.in/yaml.v2 v2.2.4 // indirect
	honnef.co/go/tools v0.0.0-20190523083050-ea95bdfd59fc
)

go 1.13
