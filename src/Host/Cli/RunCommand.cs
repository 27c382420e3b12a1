using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PluggableDmaBuf.Core.Allocation;
using PluggableDmaBuf.Core.Buffers;
using PluggableDmaBuf.Core.Fences;
using PluggableDmaBuf.Core.Memory;
using PluggableDmaBuf.Host.Configuration;
using PluggableDmaBuf.Host.Errors;
using PluggableDmaBuf.Host.Hosting;
using PluggableDmaBuf.Host.Pipeline;
using PluggableDmaBuf.Host.Plugins;
using Spectre.Console;

namespace PluggableDmaBuf.Host.Cli;

/// <summary><c>pdmabuf run</c> (the default command): runs the pipeline of design §7 and reports it.</summary>
internal static class RunCommand
{
    /// <summary>The exit code after Ctrl+C: the shell's 128 + SIGINT.</summary>
    public const int InterruptedExitCode = 130;

    public static Command Create(CliContext context)
    {
        var common = new CommonOptions();
        var frames = new Option<int?>("--frames") { Description = "Frames to process (default 300).", HelpName = "N" };
        var size = new Option<string?>("--size") { Description = "Frame size WIDTHxHEIGHT (default 1920x1080; a .y4m source brings its own).", HelpName = "WxH" };
        var source = new Option<string?>("--source") { Description = "testpattern[:smpte|ball] or a .y4m file (4:2:0 8-bit).", HelpName = "SOURCE" };
        var allocator = new Option<string?>("--allocator") { Description = "auto (central when its plugin is loaded), central or exporter.", HelpName = "KIND" };
        allocator.AcceptOnlyFromAmong("auto", "central", "exporter");
        var previewAt = new Option<int?>("--preview-at") { Description = "At frame N, display0's overlay plane starts importing video0's buffers (the hot-plug case).", HelpName = "N" };
        var outDir = new Option<string?>("--out") { Description = "Folder for snapshots (default out/).", HelpName = "DIR" };
        var report = new Option<string?>("--report") { Description = "Write the JSON run report to FILE.", HelpName = "FILE" };
        var snapshotEvery = new Option<int?>("--snapshot-every") { Description = "Also write a PNG snapshot every N frames (the last frame's is always written).", HelpName = "N" };
        var json = new Option<bool>("--json") { Description = "Print the JSON run report on stdout instead of the summary." };
        var command = new Command("run", "Run the pipeline video0 → gpu0 → display0 (the default command).");
        common.AddTo(command);
        foreach (var option in new Option[] { frames, size, source, allocator, previewAt, outDir, report, snapshotEvery, json })
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, cancellationToken) =>
        {
            var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            void Set(string key, object? value)
            {
                if (value is not null)
                {
                    overrides[$"{PipelineOptions.Section}:{key}"] = Convert.ToString(value, CultureInfo.InvariantCulture);
                }
            }

            Set(nameof(PipelineOptions.Frames), parse.GetValue(frames));
            Set(nameof(PipelineOptions.Size), parse.GetValue(size));
            Set(nameof(PipelineOptions.Source), parse.GetValue(source));
            Set(nameof(PipelineOptions.Allocator), parse.GetValue(allocator));
            Set(nameof(PipelineOptions.PreviewAt), parse.GetValue(previewAt));
            Set(nameof(PipelineOptions.Out), parse.GetValue(outDir));
            Set(nameof(PipelineOptions.SnapshotEvery), parse.GetValue(snapshotEvery));
            return RunAsync(context, common.ToSettings(parse, overrides), parse.GetValue(report), parse.GetValue(json), cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, HostSettings settings, string? reportPath, bool json,
        CancellationToken cancellationToken)
    {
        await using var app = PdmabufApp.Build(settings, (services, _) =>
        {
            services.AddSingleton(sp => new DmaBufCore(sp.GetRequiredService<MemoryMap>(), new DmaBufCoreOptions { TrackLeaks = true }));
            services.AddSingleton<IDmaBufFactory>(sp => sp.GetRequiredService<DmaBufCore>());
            services.AddSingleton<IFenceService>(FenceService.Instance);
        });
        var options = SettingsLoader.Bind<PipelineOptions>(app.Configuration, PipelineOptions.Section);
        var (width, height) = options.Validate();
        var plan = Plan(app, options, width, height);
        var core = app.Services.GetRequiredService<DmaBufCore>();
        app.Plugins.LiveBuffers = core.LiveBufferCount;
        using var allocator = ChooseAllocator(app, options.Allocator, core);

        // The host's console lifetime takes SIGTERM (and SIGINT) from the runtime and only stops the
        // application, so the run must follow ApplicationStopping or `kill` would be ignored.
        using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken,
            app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            interrupt.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        RunOutcome outcome;
        await app.Host.StartAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var runner = new PipelineRunner(allocator, app.Services.GetRequiredService<IFenceService>(), core,
                app.Services.GetRequiredService<ILoggerFactory>());
            var run = Task.Factory.StartNew(() => runner.Run(plan, interrupt.Token), CancellationToken.None,
                TaskCreationOptions.LongRunning, TaskScheduler.Default);
            await ShowProgressAsync(context, run, () => runner.Recorder?.FramesDone ?? 0, plan.Frames).ConfigureAwait(false);
            outcome = await run.ConfigureAwait(false);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
            allocator.Dispose();
            await app.Host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }

        var leaks = core.Accounting.Leaks();
        var report = BuildReport(app, allocator, plan, outcome, leaks.Count, core, reportPath);
        if (reportPath is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(reportPath))!);
            await File.WriteAllTextAsync(reportPath, RunReport.ToJson(report), CancellationToken.None).ConfigureAwait(false);
        }

        if (json)
        {
            context.Out.WriteLine(RunReport.ToJson(report));
        }
        else
        {
            RunSummary.Write(context, report);
        }

        foreach (var leak in leaks)
        {
            context.Error.WriteLine($"leak: {leak}");
        }

        if (report.Preview is { Outcome: "refused" } preview)
        {
            context.Error.WriteLine($"preview refused at frame {preview.AtFrame}: {preview.Message}");
        }

        return outcome.Failure switch
        {
            null => leaks.Count == 0 ? ExitCodes.Success : ExitCodes.RuntimeFailure,
            OperationCanceledException => ReportInterrupted(context, outcome),
            _ => throw Rethrow(outcome.Failure),
        };
    }

    private static int ReportInterrupted(CliContext context, RunOutcome outcome)
    {
        context.Error.WriteLine($"interrupted after {outcome.Recorder.FramesDone} frames; every buffer was released");
        return InterruptedExitCode;
    }

    /// <summary>Lets the CLI's error handling map the stage's failure to its exit code and one line.</summary>
    private static Exception Rethrow(Exception failure) => failure is DmaBufException ? failure
        : new PipelineFailureException($"the pipeline failed: {failure.GetType().Name}: {failure.Message}", failure);

    private static PipelinePlan Plan(PdmabufApp app, PipelineOptions options, int width, int height)
    {
        var stages = app.Services.GetServices<PipelineStage>().ToArray();
        PipelineStage Find(string id, string setting)
        {
            var matches = stages.Where(s => string.Equals(s.Id, id, StringComparison.Ordinal)).ToArray();
            if (matches.Length == 1)
            {
                return matches[0];
            }

            var device = id.Split(':')[0];
            var failed = app.Plugins.Failed.Select(p => $"{p.Name}: {p.Error}").ToArray();
            throw new PluginFailureException(device, matches.Length > 1
                ? $"{setting}: two plugins provide stage {id}"
                : $"the pipeline needs stage {id}, which no loaded plugin provides" +
                  (failed.Length > 0 ? $" (failed plugins: {string.Join("; ", failed)})" : $" (plugin folders: {string.Join(", ", app.Plugins.Plugins.Select(p => p.Path).DefaultIfEmpty("none found"))})"));
        }

        var chain = options.Stages.Select((id, i) => Find(id, $"Pipeline:Stages:{i}")).ToArray();
        for (var i = 0; i < chain.Length; i++)
        {
            if (i > 0 && chain[i].Input is null)
            {
                throw new BadInputException($"Pipeline:Stages:{i}", $"{chain[i].Id} takes no input, so it cannot follow {chain[i - 1].Id}");
            }

            if (i + 1 < chain.Length && chain[i].Output is null)
            {
                throw new BadInputException($"Pipeline:Stages:{i}", $"{chain[i].Id} produces nothing, so nothing can follow it");
            }
        }

        var preview = options.PreviewAt is null ? null : Find(options.Preview, "Pipeline:Preview");
        var run = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["source"] = options.Source,
            ["matrix"] = options.Matrix,
            ["snapshot-every"] = options.SnapshotEvery.ToString(CultureInfo.InvariantCulture),
        };
        var bound = new Dictionary<PipelineStage, StageOptions>();
        foreach (var stage in preview is null ? chain : [.. chain, preview])
        {
            try
            {
                bound[stage] = StageOptions.Bind(stage.Properties, run.Where(p => stage.Properties.Any(d => d.Name == p.Key)));
            }
            catch (InvalidConstraintException e)
            {
                throw new BadInputException($"{stage.Id} {e.Property}", e.Reason, e);
            }
        }

        return new PipelinePlan(chain, preview, options.PreviewAt, width, height, options.Frames, options.LinkDepth,
            TimeSpan.FromSeconds(options.StallTimeoutSeconds), Path.GetFullPath(options.Out), bound);
    }

    private static IBufferAllocator ChooseAllocator(PdmabufApp app, string kind, DmaBufCore core)
    {
        var central = app.Services.GetServices<IBufferAllocator>().ToArray();
        if (central.Length > 1)
        {
            throw new PluginFailureException("CentralAllocator", $"{central.Length} plugins register a central allocator; keep one");
        }

        var exporter = new ExporterAllocator(core, app.Services.GetRequiredService<IDeviceRegistry>());
        switch (kind)
        {
            case "exporter":
                return exporter;
            case "central" when central.Length == 0:
                var plugin = app.Plugins.Plugins.FirstOrDefault(p => p.Name.EndsWith("CentralAllocator", StringComparison.Ordinal));
                throw new PluginFailureException("CentralAllocator", "--allocator central: no loaded plugin provides a central allocator" +
                    (plugin is { Error: { } error } ? $" ({plugin.Name} failed to load: {error})" : " (the CentralAllocator plugin is not in the plugin folders)"));
            default:
                return central.Length == 1 ? central[0] : exporter;
        }
    }

    private static async Task ShowProgressAsync(CliContext context, Task run, Func<int> framesDone, int frames)
    {
        if (!context.Interactive || await Task.WhenAny(run, Task.Delay(1000)).ConfigureAwait(false) == run)
        {
            return;
        }

        await context.Console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask("frames", maxValue: frames);
                while (!run.IsCompleted)
                {
                    task.Value = framesDone();
                    await Task.WhenAny(run, Task.Delay(100)).ConfigureAwait(false);
                }

                task.Value = framesDone();
            }).ConfigureAwait(false);
    }

    private static RunReport BuildReport(PdmabufApp app, IBufferAllocator allocator, PipelinePlan plan, RunOutcome outcome, int leaks,
        DmaBufCore core, string? reportPath)
    {
        var framesDone = outcome.Recorder.FramesDone;
        var seconds = outcome.Elapsed.TotalSeconds;
        var outputs = outcome.Recorder.Outputs.ToList();
        if (reportPath is not null)
        {
            outputs.Add(Path.GetFullPath(reportPath));
        }

        return new RunReport
        {
            Allocator = allocator.Kind,
            Frames = framesDone,
            Width = outcome.Width,
            Height = outcome.Height,
            Seconds = Math.Round(seconds, 3),
            Fps = seconds > 0 ? Math.Round(framesDone / seconds, 1) : 0,
            BytesCopied = core.Accounting.BytesCopied,
            Migrations = core.Accounting.Migrations,
            Leaks = leaks,
            Buffers = outcome.Buffers.Select(b => new BufferReport(b.Name, b.Heap ?? "(not placed)", b.Size, b.Format, b.Modifier,
                b.Planes.Select(p => new PlaneReport(p.Offset, p.Pitch)).ToArray(), b.Segments, b.Attachments, b.BytesCopied, b.Migrations)).ToArray(),
            Crc = outcome.Recorder.Values(),
            Outputs = outputs,
            Plugins = app.Plugins.Plugins.Select(p => new PluginReport(p.Name, p.Version, p.Error)).ToArray(),
            Preview = outcome.Preview,
        };
    }
}
