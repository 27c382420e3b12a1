namespace PluggableDmaBuf.Host.Tests.Cli;

/// <summary>A stdout or stderr whose every write throws <paramref name="failure"/>: a full disk, a closed descriptor, a bug.</summary>
internal sealed class ThrowingWriter(Exception failure) : TextWriter
{
    /// <summary>How many writes or flushes were tried.</summary>
    public int Attempts { get; private set; }

    public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;

    public override void Write(char value) => Fail();

    public override void Write(string? value) => Fail();

    public override void WriteLine(string? value) => Fail();

    public override void Flush() => Fail();

    private void Fail()
    {
        Attempts++;
        throw failure;
    }
}
