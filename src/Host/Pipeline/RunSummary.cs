using System.Globalization;
using PluggableDmaBuf.Core.Diagnostics;
using PluggableDmaBuf.Host.Cli;
using Spectre.Console;

namespace PluggableDmaBuf.Host.Pipeline;

/// <summary>The summary a person reads after a run: plugins, buffers with their placement, and the totals.</summary>
internal static class RunSummary
{
    public static void Write(CliContext context, RunReport report)
    {
        var console = context.Console;
        var plugins = new Table().Border(TableBorder.Rounded).Title("plugins").AddColumn("plugin").AddColumn("version").AddColumn("status");
        foreach (var plugin in report.Plugins)
        {
            plugins.AddRow(Markup.Escape(plugin.Name), Markup.Escape(plugin.Version ?? "-"),
                plugin.Error is null ? "loaded" : Markup.Escape("failed: " + plugin.Error));
        }

        console.Write(plugins);

        var buffers = new Table().Border(TableBorder.Rounded).Title("buffers")
            .AddColumn("buffer").AddColumn("exporter").AddColumn("heap").AddColumn("format").AddColumn(new TableColumn("size").RightAligned())
            .AddColumn("pitch").AddColumn(new TableColumn("segments").RightAligned()).AddColumn("attachments")
            .AddColumn(new TableColumn("copied").RightAligned());
        foreach (var b in report.Buffers)
        {
            buffers.AddRow(
                Markup.Escape(b.Name),
                Markup.Escape(b.Exporter),
                Markup.Escape(b.Heap),
                Markup.Escape(b.Format is null ? "-" : $"{b.Format}:{b.Modifier}"),
                Invariant(b.Size),
                Markup.Escape(string.Join("/", b.Planes.Select(p => p.Pitch))),
                Invariant(b.Segments),
                Markup.Escape(string.Join(", ", b.Attachments)),
                b.BytesCopied == 0 ? "0" : Markup.Escape($"{b.BytesCopied} ({b.Migrations} migr.)"));
        }

        console.Write(buffers);

        var totals = new Table().Border(TableBorder.Rounded).Title("run").AddColumn("").AddColumn("");
        totals.AddRow("allocator", report.Allocator);
        totals.AddRow("frames", string.Create(CultureInfo.InvariantCulture, $"{report.Frames} at {report.Width}x{report.Height}"));
        totals.AddRow("seconds", Invariant(report.Seconds));
        totals.AddRow("fps", Invariant(report.Fps));
        totals.AddRow("bytes copied", string.Create(CultureInfo.InvariantCulture, $"{report.BytesCopied} ({ByteSize.Format(report.BytesCopied)})") +
            (report.CopyBetweenStages ? " between stages (copy baseline)" : ""));
        totals.AddRow("migrations", Invariant(report.Migrations));
        totals.AddRow("leaks", Invariant(report.Leaks));
        totals.AddRow("allocated per frame", string.Create(CultureInfo.InvariantCulture, $"{report.AllocatedBytesPerFrame} bytes"));
        foreach (var join in report.LateJoins)
        {
            totals.AddRow(Markup.Escape($"late join {join.Stage}"), Markup.Escape($"from frame {join.AtFrame}: {join.Outcome}" +
                (join.BytesCopied > 0 ? $", {join.BytesCopied} bytes copied" : "")));
        }

        foreach (var (name, values) in report.Values)
        {
            totals.AddRow(Markup.Escape(name), Markup.Escape(values.Count == 0 ? "-" : $"{values[^1]} (last of {values.Count})"));
        }

        foreach (var output in report.Outputs)
        {
            totals.AddRow("output", Markup.Escape(output));
        }

        console.Write(totals);
    }

    private static string Invariant(double value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
