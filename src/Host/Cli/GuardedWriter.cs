using System.Text;

namespace PluggableDmaBuf.Host.Cli;

/// <summary>
/// stdout or stderr as the process got it, which may be full (<c>&gt;/dev/full</c>) or closed
/// (<c>&gt;&amp;-</c>). The first write that fails is remembered and everything after it is dropped,
/// so that a command still finishes what it does besides printing (a run still releases its buffers
/// and writes its report) and the CLI then says once, on the other stream, what went wrong —
/// instead of the write's exception escaping as a crash.
/// </summary>
/// <remarks>Threading: as thread-safe as the writer it wraps (the console's writers are synchronised).</remarks>
internal sealed class GuardedWriter(TextWriter inner, string name) : TextWriter
{
    private volatile string? _failure;

    /// <summary>The stream's name as users know it: <c>stdout</c> or <c>stderr</c>.</summary>
    public string Name { get; } = name;

    /// <summary>Why writing failed (the first failure's cause), or <c>null</c> while every write succeeded.</summary>
    public string? Failure => _failure;

    public override Encoding Encoding => inner.Encoding;

    public override IFormatProvider FormatProvider => inner.FormatProvider;

    [System.Diagnostics.CodeAnalysis.AllowNull]
    public override string NewLine
    {
        get => inner.NewLine;
        set => inner.NewLine = value;
    }

    public override void Write(char value) => Guard(value, static (w, v) => w.Write(v));

    public override void Write(char[] buffer, int index, int count) =>
        Guard((buffer, index, count), static (w, v) => w.Write(v.buffer, v.index, v.count));

    public override void Write(ReadOnlySpan<char> buffer) => Guard(buffer.ToString(), static (w, v) => w.Write(v));

    public override void Write(string? value) => Guard(value, static (w, v) => w.Write(v));

    public override void WriteLine() => Guard(0, static (w, _) => w.WriteLine());

    public override void WriteLine(string? value) => Guard(value, static (w, v) => w.WriteLine(v));

    public override void WriteLine(ReadOnlySpan<char> buffer) => Guard(buffer.ToString(), static (w, v) => w.WriteLine(v));

    public override void Flush() => Guard(0, static (w, _) => w.Flush());

    private void Guard<T>(T value, Action<TextWriter, T> write)
    {
        if (_failure is not null)
        {
            return;
        }

        try
        {
            write(inner, value);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            _failure = Cause(e);
        }
    }

    /// <summary>The operating system's words for it: a closed descriptor surfaces as "access denied" wrapping "Bad file descriptor".</summary>
    private static string Cause(Exception e)
    {
        var cause = e;
        while (cause.InnerException is IOException inner)
        {
            cause = inner;
        }

        var text = cause.Message.TrimEnd('.');
        return text.Length > 0 ? char.ToLowerInvariant(text[0]) + text[1..] : cause.GetType().Name;
    }
}
