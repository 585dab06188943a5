from ._launch import run

if __name__ == "__main__":  # not in a --jobs worker started with spawn, which imports this as __mp_main__
    run()
