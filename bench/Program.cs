using BenchmarkDotNet.Running;

// Run a subset with: dotnet run -c Release --project bench -- --filter '*Fence*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
