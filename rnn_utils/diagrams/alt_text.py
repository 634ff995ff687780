"""What each diagram shows, in words, for readers who cannot see it."""

ALT_TEXT = {
    "rnn_layer": (
        "Left, the folded layer: an input box x_t with an arrow W up to a state box h_t, which has a loop "
        "arrow U back into itself and an arrow W_y up to an output box y_t. Right of an equals sign, the "
        "same layer unrolled over the steps t-1, t and t+1: three columns x, h, y with arrows W and W_y, and "
        "arrows U from each state box to the next."
    ),
    "bptt_rnn": (
        "Three time steps t-1, t, t+1, each with a state h, an output y and a loss L above it. Grey solid "
        "arrows run forward (U between states, W_y up to the outputs). Dashed vermillion arrows run back: "
        "delta y from each loss down to y, W_y transpose delta y down into h, and from each h back to the "
        "previous one through a multiplication node fed by 1 - h_t squared (giving delta a_t) and a box U "
        "transpose; under each backward path its transposed Jacobian factor, partial h_t over partial "
        "h_(t-1), transpose."
    ),
    "lstm_cell": (
        "An LSTM cell. A thick line along the top carries the cell state from c_(t-1) on the left through a "
        "multiplication node and an addition node to c_t on the right. Below, four blocks sigma, sigma, tanh "
        "and sigma with their weights W_fx, W_fh, b_f; W_ix, W_ih, b_i; W_cx, W_ch, b_c; W_ox, W_oh, b_o read "
        "a line [x_t, h_(t-1)]. Their outputs f_t, i_t, g_t and o_t feed the multiplication by the old cell "
        "state, the product i_t times g_t that is added to it, and the product of o_t with tanh(c_t), which "
        "gives h_t on the right."
    ),
    "lstm_cell_forget": (
        "The LSTM cell with only the forget gate in colour: the sigma block with W_fx, W_fh and b_f reads "
        "[x_t, h_(t-1)], and its output f_t multiplies the old cell state c_(t-1) on the top line. The other "
        "gates and the output path are grey."
    ),
    "lstm_cell_input": (
        "The LSTM cell with the input gate and the candidate in colour: the sigma block with W_ix, W_ih, b_i "
        "gives i_t, the tanh block with W_cx, W_ch, b_c gives g_t, and the two meet in a multiplication node "
        "whose result goes up to the addition on the cell-state line. The rest is grey."
    ),
    "lstm_cell_cell": (
        "The LSTM cell with the cell-state update in colour: along the top line c_(t-1) is multiplied by f_t "
        "and then receives i_t times g_t through an addition, giving c_t. The gate blocks and the output path "
        "are grey."
    ),
    "lstm_cell_output": (
        "The LSTM cell with the output gate in colour: the sigma block with W_ox, W_oh, b_o gives o_t, which "
        "multiplies tanh of the new cell state c_t, taken from the top line, to give h_t on the right. The "
        "other gates are grey."
    ),
    "gru_cell_reset_after_true": (
        "A GRU cell, reset_after=True. The top line carries h_(t-1) through a multiplication by z_t and an "
        "addition to h_t. The update gate's output z_t also passes through a 1 minus node and multiplies the "
        "candidate h-tilde_t, which comes from a tanh block. In blue, the reset path: the reset gate's output "
        "r_t multiplies the output of the box W_hh, b_hh, which reads h_(t-1); the product enters the tanh "
        "together with W_hx x_t + b_hx."
    ),
    "gru_cell_reset_after_false": (
        "A GRU cell, reset_after=False. Same layout as the default form, but in the blue reset path r_t "
        "multiplies h_(t-1) first and the product then goes through the box W_hh into the tanh block; the "
        "gates have one bias each (b_z, b_r, b_h)."
    ),
    "bptt_jacobians": (
        "A row of hidden states h_k, h_(k+1), dots, h_(t-1), h_t, dots, h_T with grey forward arrows and, above "
        "h_T, the loss L. A dashed vermillion arrow labelled partial L / partial h_T runs down from L into h_T, "
        "beside the grey arrow up from h_T to L; dashed arrows run back from each state to the previous one, "
        "labelled with the transposes J_(k+1) transpose, J_t transpose and J_T transpose (delta h_(t-1) = J_t "
        "transpose delta h_t, as the legend says). Below: J_t = partial h_t / partial h_(t-1) = diag(phi'(a_t)) "
        "U, and partial h_T / partial h_k = J_T J_(T-1) ... J_(k+1)."
    ),
    "lstm_cell_path": (
        "The cell states c_k, dots, c_(t-1), c_t, dots, c_T on a thick horizontal line; between c_(t-1) and c_t "
        "a multiplication node fed by f_t and an addition node fed by i_t times g_t. Dashed vermillion arrows "
        "above the line run back from c_T to c_k; the one from c_t to c_(t-1) is labelled diag(f_t). Notes at "
        "the top, headed 'along the cell path only (partial derivatives, the gates and h held fixed)': partial "
        "c_t / partial c_(t-1) = diag(f_t), with no U and no tanh', and partial c_T / partial c_k = diag(f_T) "
        "... diag(f_(k+1))."
    ),
    "adding_problem_le2015": (
        "A table with 12 columns, one per time step. The value row holds numbers between 0 and 1; the marker "
        "row holds 0 except for a 1 in one column of each half, separated by a vertical line. The two marked "
        "columns are shaded and labelled X_1 and X_2, their values written to three decimals. Below, the target "
        "y = X_1 + X_2 written out as the sum of those two values with its result, read after the last step."
    ),
    "adding_problem_hochreiter1997": (
        "A table with 12 columns, one per time step. The value row holds numbers between -1 and 1; the marker "
        "row holds -1 at the first and last step, 1 at two shaded steps in the first half, labelled X_1 and "
        "X_2, and 0 elsewhere. Below, the target y = 0.5 + (X_1 + X_2)/4 written out with the two marked "
        "values to three decimals and its result, read after the last step."
    ),
    "stacked_rnn": (
        "Two rows of state boxes over the time steps t-1, t, t+1: the lower row h^(l-1) and the upper row "
        "h^(l). Arrows U^(l-1) and U^(l) run along each row; arrows W^(l) go up from each lower state to the "
        "upper state of the same step. Inputs x_t at the bottom feed the lowest layer, and arrows at the top "
        "lead on to layer l+1."
    ),
    "bidirectional_rnn": (
        "Three time steps. Each input x_t feeds two state boxes: a forward state (arrow over h) in the upper "
        "row, linked left to right by arrows U-forward, and a backward state (arrow under h, pointing left) in "
        "the lower row, linked right to left by arrows U-backward. Both states of a step feed its output y_t, "
        "the concatenation of the two."
    ),
    "convlstm_cell": (
        "The LSTM cell drawn with feature maps: the cell states C_(t-1), C_t, the hidden states H_(t-1), H_t "
        "and the input X_t are small stacks of grids. The gates sigma, sigma, tanh, sigma with their weights "
        "read [X_t, H_(t-1)], and a note says that every weight acts by convolution; the top line is the "
        "cell-state update with a multiplication and an addition, and o_t times tanh(C_t) gives H_t."
    ),
    "scan_tree": (
        "Two trees over eight leaves p_1 to p_8. Top, the up-sweep: square composition nodes (the operator "
        "circ, drawn in a square so that it is not mistaken for the element-wise product) combine neighbours into "
        "p_(1:2), p_(3:4), p_(5:6), p_(7:8), then p_(1:4) and p_(5:8), then p_(1:8) at the root. Bottom, the "
        "down-sweep: the root holds the identity e; each node passes its value to its left child and its value "
        "composed with the left subtree's total to its right child, so the leaves end as e, p_1, p_(1:2), up "
        "to p_(1:7)."
    ),
    "char_language_model": (
        "Four columns for the steps 1, 2, t and T. At each step the input symbol (w_0, w_1, w_(t-1), w_(T-1)) "
        "selects a row of the embedding E (boxes E_(w_0) ... E_(w_(T-1))), which enters the LSTM as x_t; the "
        "LSTM states h_1, h_2, h_t, h_T are linked left to right. Each state gives the scores y_t through W_y "
        "and b_y, a softmax box turns them into probabilities, and the target above is the next symbol "
        "(w_1, w_2, w_t, w_T). Below: p(w_t = j given w_(<t)) = exp(y_(t,j)) / sum over l of exp(y_(t,l)); "
        "each input is the true previous symbol, not a prediction."
    ),
    "attention_seq2seq": (
        "Left, the encoder: inputs x_1, x_j, x_(T_x) feed the states h_1, h_j, h_(T_x), linked by arrows in both "
        "directions (a bidirectional encoder). Above them three wide blocks: the scores e_ij = v_a transpose "
        "tanh(W_a s_(i-1) + U_a h_j), which also read the previous decoder state s_(i-1) on the right; the "
        "weights alpha_ij, a softmax of the scores over j; and the context c_i, the sum of alpha_ij h_j. Right, "
        "the decoder's GRU state s_i reads s_(i-1), the embedded previous output E y_(i-1) and c_i. Above s_i "
        "the read-out: a box W_y, b_y takes s_i and, from a branch of the c_i line, c_i (together [s_i; c_i]); "
        "a softmax box above it gives y_i at the top."
    ),
}
