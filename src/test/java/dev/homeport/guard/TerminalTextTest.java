package dev.homeport.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class TerminalTextTest {
    @Test
    void escapeSequencesAndCarriageReturnsBecomeVisible() {
        assertEquals("name \\x1b]0;pwned\\x07\\x1b[2J\\x0derror: fake",
                TerminalText.visible("name \u001b]0;pwned\u0007\u001b[2J\rerror: fake"));
    }

    @Test
    void c1ControlsDelAndBidiOverridesBecomeVisibleButTextStays() {
        assertEquals("a\\x9bb\\x7fc\\u202ed\tü漢\n", TerminalText.visible("a\u009bb\u007fc\u202ed\tü漢\n"));
        assertEquals("line\\x0anext", TerminalText.oneLine("line\nnext"));
    }

    @Test
    void theOutputBoundaryRedactsAndSanitizesEveryLineIncludingPiecesWrittenApart() {
        Redactor.startRun().add("hunter2");
        StringWriter sink = new StringWriter();
        PrintWriter out = new PrintWriter(new OutputBoundary(sink), true);
        out.print("pass hun");
        out.print("ter2 \u001b[31m");
        out.println("red");
        assertEquals("pass **** \\x1b[31mred\n", sink.toString().replace(System.lineSeparator(), "\n"));
        Redactor.startRun();
    }
}
