namespace PluggableDmaBuf.Host.Pipeline.Graph;

/// <summary>
/// Splits a description into words. A word is read whole (<c>device:stage</c>, <c>label.</c>,
/// <c>key=value</c>), because what follows an identifier decides what it is, and a value may hold
/// <c>:</c>, <c>/</c> and <c>.</c>. Errors inside a word are reported here; errors of word order by the
/// parser. Linear in the length of the text.
/// </summary>
internal sealed class GraphLexer
{
    private readonly string _text;
    private readonly string _source;
    private int _position;

    public GraphLexer(string text, string source)
    {
        _text = text;
        _source = source;
    }

    public GraphToken Next()
    {
        while (_position < _text.Length && GraphSyntax.IsWhitespace(_text[_position]))
        {
            _position++;
        }

        if (_position == _text.Length)
        {
            return new GraphToken(GraphTokenKind.End, _position + 1);
        }

        var start = _position;
        var c = _text[start];
        if (c == '!')
        {
            _position++;
            return new GraphToken(GraphTokenKind.Link, start + 1);
        }

        if (!GraphSyntax.IsIdentifierStart(c))
        {
            return new GraphToken(GraphTokenKind.Unexpected, start + 1);
        }

        var name = Identifier();
        switch (Peek())
        {
            case ':':
                _position++;
                if (!GraphSyntax.IsIdentifierStart(Peek()))
                {
                    throw Error($"a stage name after '{GraphSyntax.Excerpt(name)}:'");
                }

                var stage = Identifier();
                EndOfWord($"'{GraphSyntax.Excerpt($"{name}:{stage}")}'");
                return new GraphToken(GraphTokenKind.Element, start + 1, name, stage);
            case '.':
                _position++;
                EndOfWord($"the reference '{GraphSyntax.Excerpt(name)}.'");
                return new GraphToken(GraphTokenKind.Reference, start + 1, name);
            case '=':
                _position++;
                var valueColumn = _position + 1;
                return new GraphToken(GraphTokenKind.Property, start + 1, name, Value(name), valueColumn);
            default:
                throw Error($"':' (device:stage), '.' (label.) or '=' (key=value) after '{GraphSyntax.Excerpt(name)}'");
        }
    }

    /// <summary>How the text at a column reads in a message: a named blank, <c>end of input</c>, or a quoted excerpt of the word.</summary>
    public string Found(int column)
    {
        var at = column - 1;
        if (at >= _text.Length)
        {
            return "end of input";
        }

        switch (_text[at])
        {
            case ' ':
                return "a space";
            case '\t':
                return "a tab";
            case '\r' or '\n':
                return "a line break";
            case '!':
                return "'!'";
        }

        var end = at;
        while (end < _text.Length && end - at <= GraphSyntax.ExcerptLength && !GraphSyntax.IsWhitespace(_text[end]) && _text[end] != '!')
        {
            end++;
        }

        return $"'{GraphSyntax.Excerpt(_text.AsSpan(at, end - at))}'";
    }

    public PipelineSyntaxException Error(int column, string expected) => new(_source, column, expected, Found(column));

    private PipelineSyntaxException Error(string expected) => Error(_position + 1, expected);

    private char Peek() => _position < _text.Length ? _text[_position] : '\0';

    private string Identifier()
    {
        var start = _position;
        while (_position < _text.Length && GraphSyntax.IsIdentifierPart(_text[_position]))
        {
            _position++;
        }

        return _text[start.._position];
    }

    // A word ends at a blank, at '!' (links need no spaces around them) or at the end.
    private void EndOfWord(string after)
    {
        if (_position < _text.Length && !GraphSyntax.IsWhitespace(_text[_position]) && _text[_position] != '!')
        {
            throw Error($"a space, '!' or end of input after {after}");
        }
    }

    private string Value(string name)
    {
        var c = Peek();
        if (_position == _text.Length || GraphSyntax.IsWhitespace(c) || c == '!')
        {
            throw Error($"a value after '{GraphSyntax.Excerpt(name)}=' (quote an empty one: \"\")");
        }

        if (c is '"' or '\'')
        {
            var value = Quoted(c);
            EndOfWord($"the quoted value of {GraphSyntax.Excerpt(name)}");
            return value;
        }

        var start = _position;
        while (_position < _text.Length && !GraphSyntax.IsWhitespace(_text[_position]) && _text[_position] != '!')
        {
            var v = _text[_position];
            if (v is '"' or '\'')
            {
                throw Error($"a space, '!' or end of input in the value of {GraphSyntax.Excerpt(name)} (quote the whole value)");
            }

            if (!GraphSyntax.IsValueChar(v))
            {
                throw Error($"a printable character in the value of {GraphSyntax.Excerpt(name)}");
            }

            _position++;
        }

        return _text[start.._position];
    }

    // Double quotes know two escapes, \" and \\; single quotes none (a value with ' goes in double quotes).
    private string Quoted(char quote)
    {
        var open = _position + 1;
        _position++;
        var value = new System.Text.StringBuilder();
        while (true)
        {
            if (_position == _text.Length)
            {
                throw Error($"'{quote}' closing the value opened at column {open}");
            }

            var c = _text[_position];
            if (c == quote)
            {
                _position++;
                return value.ToString();
            }

            if (!GraphSyntax.IsValueChar(c))
            {
                throw Error("a printable character in the quoted value (control characters cannot be written)");
            }

            if (c == '\\' && quote == '"')
            {
                var escaped = _position + 1 < _text.Length ? _text[_position + 1] : '\0';
                if (escaped is not ('"' or '\\'))
                {
                    throw Error("\\\" or \\\\ (the only escapes in a quoted value)");
                }

                _position++;
                c = escaped;
            }

            value.Append(c);
            _position++;
        }
    }
}
