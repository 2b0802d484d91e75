.PHONY: test bench demo
test:
	bash scripts/test.sh
bench:
	.venv/bin/python -m bench
demo:
	.venv/bin/brukerrad demo
