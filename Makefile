# The two commands of the README, and a few more for developers.
#   make run    install missing packages, build (Release), run the daemon on feeds.yaml
#   make test   install missing packages, build, run every test through ctest
BUILD_DIR ?= build
BUILD_TYPE ?= Release
JOBS ?= $(shell nproc)
CONFIG ?= feeds.yaml
CMAKE_FLAGS ?=

.PHONY: all deps configure build run test sanitize clean

all: build

deps:
	@scripts/install-deps

configure: deps
	@cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DCMAKE_INSTALL_PREFIX=/usr $(CMAKE_FLAGS) >/dev/null

build: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS)

run: build
	$(BUILD_DIR)/daemon/app/kommunalfeed run --config $(CONFIG)

test: build
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS)

# The whole suite under AddressSanitizer and UBSan.
sanitize:
	@$(MAKE) test BUILD_DIR=build-asan BUILD_TYPE=Debug CMAKE_FLAGS=-DKOMMUNALFEED_SANITIZE=ON

clean:
	rm -rf $(BUILD_DIR) build-asan
