# Thi Đua Số — `make demo` serves the app with demo data; `make test` runs the whole suite.
# Everything a fresh machine lacks is installed by the targets that need it.

SHELL := /bin/bash
.DEFAULT_GOAL := help
PORT ?= 8000
HOST ?= 127.0.0.1
export UV_PYTHON_DOWNLOADS := never
export UV_LINK_MODE := copy
UV := $(shell command -v uv 2>/dev/null || echo "python3 -m uv")
RUN := $(UV) run --frozen
MANAGE := $(RUN) python manage.py

.PHONY: help
help: ## Liệt kê các lệnh / list the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-14s\033[0m %s\n", $$1, $$2}'

.PHONY: uv
uv:
	@command -v uv >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet --user uv || python3 -m pip install --quiet uv

.PHONY: setup
setup: uv ## Cài môi trường Python từ uv.lock / install the locked environment
	@$(UV) sync --frozen --quiet
	@mkdir -p var

.PHONY: system-deps
system-deps: ## Cài Chromium, phông Liberation 2, poppler (cho kiểm thử trình duyệt, PDF)
	@missing=""; \
	 command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	 [ -f /usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf ] || missing="$$missing fonts-liberation2"; \
	 command -v pdftoppm >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	 if [ -n "$$missing" ]; then \
	   echo "Cài gói hệ thống:$$missing"; \
	   SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	   $$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q $$missing; \
	 fi

.PHONY: migrate
migrate: setup
	@$(MANAGE) migrate --noinput -v 0

.PHONY: demo
demo: setup ## Chuẩn bị và chạy bản demo tại http://127.0.0.1:$(PORT) (SQLite trong var/)
	@$(MANAGE) migrate --noinput -v 0
	@$(MANAGE) collectstatic --noinput -v 0
	@$(MANAGE) seed_demo --if-empty --address http://$(HOST):$(PORT)/
	@$(MANAGE) serve --host $(HOST) --port $(PORT)

.PHONY: test
test: setup system-deps ## Chạy toàn bộ bộ kiểm thử (SQLite; PostgreSQL nếu đặt DATABASE_URL)
	@$(RUN) pytest -n 2 --dist loadgroup -q

.PHONY: lint
lint: setup ## ruff, mypy, import-linter
	@$(RUN) ruff check .
	@$(RUN) ruff format --check .
	@$(RUN) mypy thidua
	@$(RUN) lint-imports

.PHONY: format
format: setup ## Định dạng mã nguồn
	@$(RUN) ruff format .
	@$(RUN) ruff check --fix .

.PHONY: bench
bench: setup ## Đo hiệu năng ở quy mô hanoi (bench/)
	@$(RUN) python -m bench.run

.PHONY: clean-demo
clean-demo: ## Xóa dữ liệu demo (var/)
	rm -rf var/thidua.sqlite3* var/media var/static
