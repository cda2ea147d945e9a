import App
print("ampere: not yet wired")
