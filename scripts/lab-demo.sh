demo_main() { echo "demo: todo"; }
